namespace ChatBlock.Api.Events;

/// <summary>
/// <c>data</c> of <c>blocks.replaced</c>: the caller imported a block list (SPEC section 10); reload the block list over REST.
/// </summary>
/// <param name="Added">How many users the import blocked.</param>
/// <param name="Removed">How many users it unblocked (overwrite).</param>
/// <param name="ReplacedAt">When the import was applied (UTC).</param>
public sealed record BlocksReplacedEvent(int Added, int Removed, DateTimeOffset ReplacedAt);
