namespace ChatBlock.Storage;

/// <summary>What <see cref="IChatStore.AddBlockWithinLimitAsync"/> did (SPEC sections 6 and 11).</summary>
/// <param name="Result">What <see cref="IChatStore.AddBlockAsync"/> would say; null when the limit refused the block.</param>
/// <param name="RetryAfter">
/// When the limit refused the block (nothing changed): how long from the attempt's time until the blocker has a permit again,
/// that is until the oldest block that counts leaves the window. Null otherwise.
/// </param>
public sealed record BlockAttemptResult(BlockAddResult? Result, TimeSpan? RetryAfter = null);
