namespace ChatBlock.Storage;

/// <summary>What <see cref="IChatStore.AddBlockWithinLimitAsync"/> did (SPEC sections 6 and 11).</summary>
/// <param name="Result">What <see cref="IChatStore.AddBlockAsync"/> would say; null when the limit refused the block.</param>
/// <param name="RetryAfter">
/// When the limit refused the block (nothing changed): how long from the attempt's time until the blocker has a permit again,
/// that is until the oldest block that counts leaves the window. Null otherwise.
/// </param>
public sealed record BlockAttemptResult(BlockAddResult? Result, TimeSpan? RetryAfter = null)
{
    /// <summary>
    /// The report the block carried lists a message that is not the blocked user's in a conversation of the blocker (SPEC section
    /// 10, <c>400 report.invalid_message</c>): nothing changed. <see cref="Result"/> is null then.
    /// </summary>
    public bool InvalidReportMessage { get; init; }
}
