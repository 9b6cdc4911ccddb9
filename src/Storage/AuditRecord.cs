namespace ChatBlock.Storage;

/// <summary>One row of the audit trail of block changes (SPEC sections 6 and 10).</summary>
/// <param name="ActorId">
/// The blocker whose block changed. For a change the server made by itself (<see cref="BySystem"/>) it is still the blocker: the
/// row belongs to their trail, but the actor was the system.
/// </param>
/// <param name="Action">
/// <c>block</c> or <c>unblock</c>. A timed block that ended by itself (SPEC section 10) is an <c>unblock</c> row with
/// <see cref="BySystem"/> set: the system lifted it at its expiry.
/// </param>
/// <param name="TargetId">The blocked user.</param>
/// <param name="CreatedAt">When (UTC).</param>
public sealed record AuditRecord(Guid ActorId, string Action, Guid TargetId, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// Whether the server made the change by itself (actor <c>system</c>, column <c>by_system</c>): true for the <c>unblock</c> of
    /// an expired block, false for changes the user asked for.
    /// </summary>
    public bool BySystem { get; init; }

    /// <summary>
    /// The import (<see cref="IChatStore.ImportBlocksAsync"/>) that made this change, or null for a single change. The block limit
    /// counts the rows of one import once (SPEC section 10).
    /// </summary>
    public Guid? ImportId { get; init; }
}
