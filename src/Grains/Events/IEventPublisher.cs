namespace ChatBlock.Grains.Events;

/// <summary>
/// Where grains publish what they changed, after storage accepted it, so that clients can be told live (the
/// <c>/api/v1/events</c> stream). Grains call it only for stored changes, never for refused sends or failed blocks. The gateway's
/// implementation hands each event to this silo's streams at once and, when other silos share the database, to them through
/// the cluster channel.
/// </summary>
/// <remarks>
/// Implementations must not call grains (they run inside the publishing grain's turn), must not wait for other silos, and must
/// not throw for a failed publication: the change is already durable, and the caller must still be answered with success.
/// </remarks>
public interface IEventPublisher
{
    /// <summary>A message was stored; <paramref name="recipientIds"/> may see it (all participants, or under Shadow the sender).</summary>
    Task MessageStoredAsync(ChatMessage message, IReadOnlyList<Guid> recipientIds, CancellationToken cancellationToken = default);

    /// <summary><paramref name="blockerId"/> now blocks <paramref name="blockedId"/>; only the blocker is told (SPEC section 6).</summary>
    Task BlockAddedAsync(
        Guid blockerId, Guid blockedId, Guid conversationId, DateTimeOffset createdAt, CancellationToken cancellationToken = default);

    /// <summary><paramref name="blockerId"/> no longer blocks any of <paramref name="blockedIds"/> (one unblock, or unblock-all).</summary>
    Task BlocksRemovedAsync(
        Guid blockerId, IReadOnlyList<Guid> blockedIds, DateTimeOffset removedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// <paramref name="blockerId"/> imported a block list that changed their blocks (SPEC section 10): one event however many rows;
    /// only the importer is told, never the users blocked or unblocked.
    /// </summary>
    Task BlocksReplacedAsync(
        Guid blockerId, int added, int removed, DateTimeOffset replacedAt, CancellationToken cancellationToken = default);
}
