namespace ChatBlock.Grains;

/// <summary>One user in a blocker's block list.</summary>
/// <param name="UserId">The blocked user.</param>
/// <param name="CreatedAt">When they were blocked (UTC).</param>
/// <param name="ExpiresAt">When the block ends by itself (UTC); null for a permanent block (SPEC section 10).</param>
/// <param name="Note">The blocker's private note, or null; for the blocker's eyes only (SPEC section 10).</param>
public sealed record BlockEntry(Guid UserId, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt = null, string? Note = null);
