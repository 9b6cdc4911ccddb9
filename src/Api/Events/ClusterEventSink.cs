using System.Text.Json;
using ChatBlock.Api.Conversations;
using ChatBlock.Grains;
using ChatBlock.Grains.Events;
using ChatBlock.Silo.Clustering;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ChatBlock.Api.Events;

/// <summary>
/// Publishes what grains report on <see cref="ClusterTopics.Events"/>, so that every silo (this one included) delivers it to
/// its local streams. Event <c>data</c> is the same JSON the REST API answers with.
/// </summary>
/// <remarks>
/// A failed publication is logged and swallowed: the change is stored, and the client that made it gets its answer; other
/// clients see it on their next resume or reload. Message content and tokens are never logged.
/// </remarks>
public sealed partial class ClusterEventSink(IClusterChannel channel, IOptions<JsonOptions> json, ILogger<ClusterEventSink> logger)
    : IChatEventSink
{
    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

    /// <inheritdoc />
    public Task MessageStoredAsync(ChatMessage message, IReadOnlyList<Guid> recipientIds, CancellationToken cancellationToken = default)
    {
        var data = JsonSerializer.Serialize(ConversationReader.ToResponse(message), _json);
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

    private async Task PublishAsync(
        IReadOnlyList<Guid> recipients, IReadOnlyList<ClusterEventItem> items, CancellationToken cancellationToken)
    {
        foreach (var payload in ClusterEventCodec.Encode(recipients, items))
        {
            try
            {
                await channel.PublishAsync(ClusterTopics.Events, payload, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogPublishFailed(ex, items[0].Type, recipients.Count);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing live event {EventType} to {RecipientCount} users failed")]
    private partial void LogPublishFailed(Exception exception, string eventType, int recipientCount);
}
