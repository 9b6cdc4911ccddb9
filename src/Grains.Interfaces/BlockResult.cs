namespace ChatBlock.Grains;

/// <summary>What <see cref="IUserGrain.BlockAsync"/> returns.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="CreatedAt">When the block row was made (UTC); null unless <see cref="BlockOutcome.Blocked"/> or already blocked.</param>
/// <param name="ConversationId">The pair's direct conversation (created if absent); set for <see cref="BlockOutcome.Blocked"/>.</param>
/// <param name="RetryAfter">For <see cref="BlockOutcome.RateLimited"/>: the real time until the blocker has a permit again.</param>
public sealed record BlockResult(
    BlockOutcome Outcome, DateTimeOffset? CreatedAt = null, Guid? ConversationId = null, TimeSpan? RetryAfter = null)
{
    /// <summary>When the block ends by itself (UTC), null when permanent; set with <see cref="CreatedAt"/> (SPEC section 10).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The blocker's private note, or null; set with <see cref="CreatedAt"/> (SPEC section 10).</summary>
    public string? Note { get; init; }

    /// <summary>The id of the report stored with the block (SPEC section 10, report and block); null without one.</summary>
    public Guid? ReportId { get; init; }
}
