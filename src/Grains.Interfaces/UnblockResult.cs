namespace ChatBlock.Grains;

/// <summary>What <see cref="IUserGrain.UnblockAsync"/> returns.</summary>
/// <param name="Unblocked"><see langword="false"/> when the caller did not block that user (<c>404 user.block.not_blocked</c>).</param>
/// <param name="UnblockedAt">When the block was removed (UTC); null when nothing changed.</param>
public sealed record UnblockResult(bool Unblocked, DateTimeOffset? UnblockedAt);
