namespace ChatBlock.Grains;

/// <summary>One block of a block list export (SPEC section 10).</summary>
/// <param name="UserId">The blocked user.</param>
/// <param name="Username">Their username.</param>
/// <param name="CreatedAt">When they were blocked (UTC).</param>
/// <param name="ExpiresAt">When the block ends by itself (UTC); null for a permanent block.</param>
/// <param name="Note">The blocker's private note, or null.</param>
public sealed record BlockExportEntry(Guid UserId, string Username, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string? Note);
