using System.Text.Json;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ChatBlock.Api.Events;

/// <summary>
/// Receives <see cref="ClusterTopics.Events"/> notifications from every silo and hands each event to this silo's streams of
/// its recipients. A message that travelled as a reference is read from storage first, once per notification, and only when
/// one of its recipients has a stream here. When the channel reports lost notifications, every local stream is ended, so
/// its client resumes from storage with <c>Last-Event-ID</c>.
/// </summary>
public sealed partial class ClusterEventRelay(
    IClusterChannel channel, EventHub hub, IChatStore store, IOptions<JsonOptions> json, ILogger<ClusterEventRelay> logger)
    : IHostedService, IClusterObserver
{
    private const int FetchPageSize = 100, FetchMaxPages = 5;
    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;
    private readonly CancellationTokenSource _stopping = new();
    private IDisposable? _subscription;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = channel.Subscribe(this);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await _stopping.CancelAsync();
    }

    /// <inheritdoc />
    public Task OnMessageAsync(ClusterMessage message)
    {
        if (message.Topic != ClusterTopics.Events)
        {
            return Task.CompletedTask;
        }

        if (ClusterEventCodec.Decode(message.Payload) is not { } batch)
        {
            LogMalformed(message.OriginSiloId);
            return Task.CompletedTask;
        }

        var local = batch.Recipients.Where(hub.HasSubscribers).ToList();
        foreach (var item in batch.Events)
        {
            if (local.Count == 0)
            {
                break;
            }

            if (item.IsReference)
            {
                // Never wait here: the publisher may be a grain in its turn, and storage may be slow.
                _ = ResolveAndDeliverAsync(item, local);
                continue;
            }

            var liveEvent = new LiveEvent(item.Type, item.Data!, item.Cursor);
            foreach (var userId in local)
            {
                hub.Deliver(userId, liveEvent);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task OnResetAsync()
    {
        LogReset(hub.CompleteAll());
        return Task.CompletedTask;
    }

    private async Task ResolveAndDeliverAsync(ClusterEventItem item, List<Guid> recipients)
    {
        var cursor = item.Cursor!.Value;
        LiveEvent liveEvent;
        try
        {
            var message = await FindMessageAsync(item.ConversationId!.Value, cursor.MessageId, recipients[0], _stopping.Token);
            liveEvent = message is null ? MessageEvents.Resync("lost", _json) : MessageEvents.Created(message, _json);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            LogFetchFailed(ex, item.ConversationId!.Value);
            liveEvent = MessageEvents.Resync("lost", _json);
        }

        foreach (var userId in recipients)
        {
            hub.Deliver(userId, liveEvent);
        }
    }

    private async Task<MessageRecord?> FindMessageAsync(
        Guid conversationId, Guid messageId, Guid viewerId, CancellationToken cancellationToken)
    {
        Guid? before = null;
        for (var page = 0; page < FetchMaxPages; page++)
        {
            var rows = await store.GetMessagesAsync(conversationId, viewerId, before, FetchPageSize, cancellationToken);
            if (rows.FirstOrDefault(m => m.Id == messageId) is { } found)
            {
                return found;
            }

            if (rows.Count < FetchPageSize)
            {
                break;
            }

            before = rows[^1].Id;
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed live event notification from silo {SiloId}")]
    private partial void LogMalformed(string siloId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster channel reconnected; ended {Count} event streams to resume from storage")]
    private partial void LogReset(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading a referenced message of conversation {ConversationId} failed")]
    private partial void LogFetchFailed(Exception exception, Guid conversationId);
}
