using System.Text.Json;
using ChatBlock.Api.Conversations;
using ChatBlock.Grains;
using ChatBlock.Grains.Events;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ChatBlock.Api.Events;

/// <summary>
/// Publishes what grains report on <see cref="Storage.Clustering.ClusterTopics.Events"/>, so that every silo (this one included)
/// delivers it to its local streams. Event <c>data</c> is the same JSON the REST API answers with.
/// </summary>
/// <remarks>
/// Events are queued on the <see cref="EventPublisher"/>, so a send waits for no notification round trip. A failed publication
/// is logged there: the change is stored, and the client that made it gets its answer; other clients see it on their next
/// resume or reload. Message content and tokens are never logged.
/// </remarks>
public sealed class ClusterEventSink(EventPublisher publisher, IOptions<JsonOptions> json) : IChatEventSink
{
    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

    /// <inheritdoc />
    public Task MessageStoredAsync(ChatMessage message, IReadOnlyList<Guid> recipientIds, CancellationToken cancellationToken = default)
    {
        var data = JsonSerializer.Serialize(message.ToResponse(), _json);
        var cursor = EventCursor.At(message.CreatedAt, message.Id);
        var item = new ClusterEventItem(EventTypes.MessageCreated, data, cursor, message.ConversationId);
        return PublishAsync(recipientIds, [item], cancellationToken);
    }

    /// <inheritdoc />
    public Task BlockAddedAsync(
        Guid blockerId, Guid blockedId, Guid conversationId, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        var data = JsonSerializer.Serialize(new BlockCreatedEvent(blockedId, conversationId, createdAt), _json);
        // The blocker's own streams only: the blocked user is never told (SPEC section 6).
        return PublishAsync([blockerId], [new ClusterEventItem(EventTypes.BlockCreated, data)], cancellationToken);
    }

    /// <inheritdoc />
    public Task BlocksRemovedAsync(
        Guid blockerId, IReadOnlyList<Guid> blockedIds, DateTimeOffset removedAt, CancellationToken cancellationToken = default)
    {
        var items = blockedIds
            .Select(id => new BlockDeletedEvent(id, removedAt))
            .Select(e => new ClusterEventItem(EventTypes.BlockDeleted, JsonSerializer.Serialize(e, _json)))
            .ToList();
        return PublishAsync([blockerId], items, cancellationToken);
    }

    private Task PublishAsync(IReadOnlyList<Guid> recipients, IReadOnlyList<ClusterEventItem> items, CancellationToken cancellationToken) =>
        publisher.EnqueueAsync(ClusterEventCodec.Encode(recipients, items), cancellationToken).AsTask();
}
