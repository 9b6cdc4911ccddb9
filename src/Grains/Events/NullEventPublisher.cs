namespace ChatBlock.Grains.Events;

/// <summary>The <see cref="IEventPublisher"/> of a silo without live clients: events go nowhere.</summary>
public sealed class NullEventPublisher : IEventPublisher
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

    /// <inheritdoc />
    public Task BlocksReplacedAsync(
        Guid blockerId, int added, int removed, DateTimeOffset replacedAt, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;
}
