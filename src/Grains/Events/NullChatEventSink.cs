namespace ChatBlock.Grains.Events;

/// <summary>The <see cref="IChatEventSink"/> of a silo without live clients: reports go nowhere.</summary>
public sealed class NullChatEventSink : IChatEventSink
{
    /// <inheritdoc />
    public Task MessageStoredAsync(ChatMessage message, IReadOnlyList<Guid> recipientIds, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    /// <inheritdoc />
    public Task BlockAddedAsync(
        Guid blockerId, Guid blockedId, Guid conversationId, DateTimeOffset createdAt, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    /// <inheritdoc />
    public Task BlocksRemovedAsync(
        Guid blockerId, IReadOnlyList<Guid> blockedIds, DateTimeOffset removedAt, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;
}
