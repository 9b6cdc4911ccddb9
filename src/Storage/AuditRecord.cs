namespace ChatBlock.Storage;

/// <summary>One row of the audit trail of block changes (SPEC section 6).</summary>
/// <param name="ActorId">The blocker who made the change.</param>
/// <param name="Action"><c>block</c> or <c>unblock</c>.</param>
/// <param name="TargetId">The blocked user.</param>
/// <param name="CreatedAt">When (UTC).</param>
public sealed record AuditRecord(Guid ActorId, string Action, Guid TargetId, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// The import (<see cref="IChatStore.ImportBlocksAsync"/>) that made this change, or null for a single change. The block limit
    /// counts the rows of one import once (SPEC section 10).
    /// </summary>
    public Guid? ImportId { get; init; }
}
