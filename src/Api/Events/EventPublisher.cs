using System.Text.Json;
using System.Threading.Channels;
using ChatBlock.Grains;
using ChatBlock.Grains.Events;
using ChatBlock.Storage;
using ChatBlock.Storage.Clustering;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ChatBlock.Api.Events;

/// <summary>
/// The gateway's <see cref="IEventPublisher"/>: turns what grains report into <see cref="LiveEvent"/>s (their <c>data</c> the same
/// JSON the REST API answers with), hands them to this silo's <see cref="EventDispatcher"/> at once, and, when other silos may
/// share the database, sends them to those on <see cref="ClusterTopics.Events"/>, encoded by <see cref="ClusterEventCodec"/>.
/// </summary>
/// <remarks>
/// <para>
/// A SQLite silo is alone (SPEC section 3), so its events are never encoded. PostgreSQL silos, and memory silos (a test cluster
/// shares one in-memory network), also publish on the channel; each silo skips its own notifications, since its streams have
/// the events already.
/// </para>
/// <para>
/// Cluster payloads are queued here, so a send waits for no notification round trip, and one loop sends whatever has queued up
/// in one batch (one round trip on PostgreSQL), in order. The queue holds <see cref="Capacity"/> payloads; when it is full,
/// publishing waits (back-pressure on the senders) rather than drop an event. A failed batch is logged and dropped: the messages
/// are stored, and streams on other silos get them on their next resume. On shutdown the queue is drained before the channel
/// closes. Message content and tokens are never logged.
/// </para>
/// </remarks>
public sealed partial class EventPublisher(
    EventDispatcher dispatcher, IClusterChannel channel, IOptions<StorageOptions> storage, IOptions<JsonOptions> json,
    ILogger<EventPublisher> logger)
    : BackgroundService, IEventPublisher
{
    /// <summary>Most payloads waiting to be published.</summary>
    public const int Capacity = 8192;

    /// <summary>Most payloads sent in one batch.</summary>
    public const int MaxBatch = 64;

    private readonly bool _toCluster = storage.Value.Provider != StorageProvider.Sqlite;
    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;
    private readonly Channel<string> _queue = Channel.CreateBounded<string>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Cluster payloads queued and not yet handed to the channel.</summary>
    internal int QueuedPayloads => _queue.Reader.Count;

    /// <inheritdoc />
    public Task MessageStoredAsync(ChatMessage message, IReadOnlyList<Guid> recipientIds, CancellationToken cancellationToken = default) =>
        PublishAsync(recipientIds, [LiveEvent.MessageCreated(message, _json)], cancellationToken);

    /// <inheritdoc />
    public Task BlockAddedAsync(
        Guid blockerId, Guid blockedId, Guid conversationId, DateTimeOffset createdAt, CancellationToken cancellationToken = default) =>
        // The blocker's own streams only: the blocked user is never told (SPEC section 6).
        PublishAsync(
            [blockerId], [LiveEvent.Of(EventTypes.BlockCreated, new BlockCreatedEvent(blockedId, conversationId, createdAt), _json)],
            cancellationToken);

    /// <inheritdoc />
    public Task BlocksRemovedAsync(
        Guid blockerId, IReadOnlyList<Guid> blockedIds, DateTimeOffset removedAt, CancellationToken cancellationToken = default) =>
        PublishAsync(
            [blockerId],
            blockedIds.Select(id => LiveEvent.Of(EventTypes.BlockDeleted, new BlockDeletedEvent(id, removedAt), _json)).ToList(),
            cancellationToken);

    /// <inheritdoc />
    public Task BlocksReplacedAsync(
        Guid blockerId, int added, int removed, DateTimeOffset replacedAt, CancellationToken cancellationToken = default) =>
        // One event for the whole import, to the importer's own streams only: the users it names are never told (SPEC section 6).
        PublishAsync(
            [blockerId], [LiveEvent.Of(EventTypes.BlocksReplaced, new BlocksReplacedEvent(added, removed, replacedAt), _json)],
            cancellationToken);

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Let the loop drain what is queued, then stop it.
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<string>(MaxBatch);
        // Not bound to stoppingToken: StopAsync completes the queue, and the loop ends once it is empty.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var payload))
            {
                batch.Add(payload);
            }

            try
            {
                await channel.PublishAsync(ClusterTopics.Events, batch, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The loop must outlive a database hiccup; these events reach other silos' streams on resume instead.
                LogPublishFailed(ex, batch.Count);
            }

            batch.Clear();
        }
    }

    private async Task PublishAsync(IReadOnlyList<Guid> recipients, IReadOnlyList<LiveEvent> events, CancellationToken cancellationToken)
    {
        dispatcher.Deliver(recipients, events);
        if (!_toCluster)
        {
            return;
        }

        // After shutdown has begun the queue is closed and payloads are dropped: streams are closing and resume from storage.
        foreach (var payload in ClusterEventCodec.Encode(recipients, events))
        {
            while (!_queue.Writer.TryWrite(payload))
            {
                if (!await _queue.Writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} live events failed; other silos' streams get them on resume")]
    private partial void LogPublishFailed(Exception exception, int count);
}
