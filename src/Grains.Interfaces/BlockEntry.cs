namespace ChatBlock.Grains;

/// <summary>One user in a blocker's block list.</summary>
/// <param name="UserId">The blocked user.</param>
/// <param name="CreatedAt">When they were blocked (UTC).</param>
public sealed record BlockEntry(Guid UserId, DateTimeOffset CreatedAt);
