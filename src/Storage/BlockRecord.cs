namespace ChatBlock.Storage;

/// <summary>One directional block row <c>(blocker_id, blocked_id, created_at)</c> (SPEC section 3).</summary>
/// <param name="BlockerId">The user who blocks.</param>
/// <param name="BlockedId">The user who is blocked.</param>
/// <param name="CreatedAt">When the block was made (UTC).</param>
public sealed record BlockRecord(Guid BlockerId, Guid BlockedId, DateTimeOffset CreatedAt);
