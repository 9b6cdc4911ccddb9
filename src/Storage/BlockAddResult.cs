namespace ChatBlock.Storage;

/// <summary>What <see cref="IChatStore.AddBlockAsync"/> did.</summary>
/// <param name="Added"><see langword="false"/> when the pair was already blocked in that direction (nothing changed).</param>
/// <param name="CreatedAt">When the block row was made: now if added, the existing row's time otherwise.</param>
/// <param name="ConversationId">The pair's direct conversation, created in the same transaction if it did not exist.</param>
public sealed record BlockAddResult(bool Added, DateTimeOffset CreatedAt, Guid ConversationId);
