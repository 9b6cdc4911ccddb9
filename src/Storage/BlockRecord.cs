namespace ChatBlock.Storage;

/// <summary>
/// One directional block row <c>(blocker_id, blocked_id, created_at, expires_at, note)</c> (SPEC sections 3 and 10).
/// </summary>
/// <param name="BlockerId">The user who blocks.</param>
/// <param name="BlockedId">The user who is blocked.</param>
/// <param name="CreatedAt">When the block was made (UTC).</param>
/// <param name="ExpiresAt">
/// When the block ends by itself (UTC, microseconds); null for a permanent block. A block is in force while the time is before
/// this instant and gone from this instant on, whether or not the row has been removed yet (<see cref="IsActiveAt"/>).
/// </param>
/// <param name="Note">The blocker's private note (up to 280 characters), or null; shown to the blocker alone.</param>
public sealed record BlockRecord(
    Guid BlockerId, Guid BlockedId, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt = null, string? Note = null)
{
    /// <summary>Whether the block is in force at <paramref name="now"/>: permanent, or expiring after it.</summary>
    public bool IsActiveAt(DateTimeOffset now) => ExpiresAt is not { } expiresAt || expiresAt > now;
}
