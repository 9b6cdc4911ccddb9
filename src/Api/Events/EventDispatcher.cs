using System.Collections.Immutable;
using System.Text.Json;
using ChatBlock.Grains.Conversations;
using ChatBlock.Storage;
using ChatBlock.Storage.Clustering;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ChatBlock.Api.Events;

/// <summary>
/// This silo's open event streams by user, and the delivery into them: events of this silo come from the
/// <see cref="EventPublisher"/> as they are; events of other silos come as <see cref="ClusterTopics.Events"/> notifications, are
/// decoded by <see cref="ClusterEventCodec"/>, and a message that travelled as a reference is read with
/// <see cref="IChatStore.GetMessageAsync"/> (once per notification, and only when one of its recipients has a stream here).
/// </summary>
/// <remarks>
/// Delivery never waits: each stream has its own bounded queue, and a stream that falls that far behind is dropped (its client
/// resumes with <c>Last-Event-ID</c>). When the channel reports lost notifications, every stream here is ended after what it has
/// queued, so its client resumes from storage. Streams are capped per user and per silo (<see cref="Subscribe"/>). Safe for
/// concurrent use.
/// </remarks>
public sealed partial class EventDispatcher(
    IClusterChannel channel, IChatStore store, IOptions<EventsOptions> options, IOptions<JsonOptions> json,
    ILogger<EventDispatcher> logger)
    : IHostedService, IClusterObserver
{
    private readonly Lock _gate = new();
    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;
    private readonly CancellationTokenSource _stopping = new();
    private ImmutableDictionary<Guid, ImmutableArray<EventStream>> _streams = ImmutableDictionary<Guid, ImmutableArray<EventStream>>.Empty;
    private IDisposable? _subscription;
    private int _count;

    /// <summary>How many streams are open on this silo.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Opens a stream for <paramref name="userId"/>; dispose it when the connection ends. When the user already has
    /// <see cref="EventsOptions.MaxStreamsPerUser"/> streams on this silo, their oldest is ended after what it has queued (its
    /// client may reconnect and resume with <c>Last-Event-ID</c>); that keeps this silo's total as it was.
    /// </summary>
    /// <returns>The stream, or null when this silo already holds <see cref="EventsOptions.MaxStreamsPerSilo"/> streams.</returns>
    public EventStream? Subscribe(Guid userId)
    {
        var limits = options.Value;
        var stream = new EventStream(userId, limits.QueueCapacity, Unsubscribe);
        ImmutableArray<EventStream> ended = [];
        lock (_gate)
        {
            var mine = _streams.GetValueOrDefault(userId, []);
            if (limits.MaxStreamsPerUser > 0 && mine.Length >= limits.MaxStreamsPerUser)
            {
                // Oldest first: streams are appended as they open.
                var excess = mine.Length - limits.MaxStreamsPerUser + 1;
                ended = mine[..excess];
                mine = mine[excess..];
                _count -= excess;
            }
            else if (limits.MaxStreamsPerSilo > 0 && _count >= limits.MaxStreamsPerSilo)
            {
                LogSiloFull(limits.MaxStreamsPerSilo);
                return null;
            }

            _streams = _streams.SetItem(userId, mine.Add(stream));
            _count++;
        }

        foreach (var oldest in ended)
        {
            oldest.Complete();
            LogEvicted(userId, limits.MaxStreamsPerUser);
        }

        LogOpened(userId);
        return stream;
    }

    /// <summary>Whether <paramref name="userId"/> has a stream open on this silo.</summary>
    public bool HasStreams(Guid userId) => _streams.ContainsKey(userId);

    /// <summary>
    /// Queues <paramref name="events"/>, in order, on every stream of each of <paramref name="recipients"/> on this silo.
    /// </summary>
    public void Deliver(IReadOnlyList<Guid> recipients, IReadOnlyList<LiveEvent> events)
    {
        foreach (var userId in recipients)
        {
            foreach (var liveEvent in events)
            {
                Deliver(userId, liveEvent);
            }
        }
    }

    /// <summary>Queues <paramref name="liveEvent"/> on every stream of <paramref name="userId"/> on this silo.</summary>
    public void Deliver(Guid userId, LiveEvent liveEvent)
    {
        if (!_streams.TryGetValue(userId, out var streams))
        {
            return;
        }

        foreach (var stream in streams)
        {
            if (!stream.Offer(liveEvent))
            {
                LogDropped(userId, options.Value.QueueCapacity);
            }
        }
    }

    /// <summary>Ends every stream after what is queued (events may have been missed): clients resume with <c>Last-Event-ID</c>.</summary>
    /// <returns>How many streams were ended.</returns>
    public int CompleteAll()
    {
        var all = _streams.Values.SelectMany(s => s).ToList();
        foreach (var stream in all)
        {
            stream.Complete();
        }

        return all.Count;
    }

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

    /// <summary>
    /// Ends every stream of <paramref name="userId"/> on this silo after what is queued; clients reconnect with a new ticket.
    /// </summary>
    /// <returns>How many streams were ended.</returns>
    public int CompleteUser(Guid userId)
    {
        if (!_streams.TryGetValue(userId, out var streams))
        {
            return 0;
        }

        foreach (var stream in streams)
        {
            stream.Complete();
        }

        return streams.Length;
    }

    /// <inheritdoc />
    public Task OnMessageAsync(ClusterMessage message)
    {
        // A token of this user was revoked, on any silo (this one included: SPEC section 11, logout, password change, deletion;
        // also a changed last-seen setting). Streams outlive the token check that opened them, so end them: each client comes
        // back for a new ticket, which only a token that still works can get.
        if (message.Topic == ClusterTopics.Accounts)
        {
            if (Guid.TryParse(message.Payload, out var accountId) && CompleteUser(accountId) is > 0 and var ended)
            {
                LogAccountChanged(accountId, ended);
            }

            return Task.CompletedTask;
        }

        // This silo's own events reached its streams when they were published.
        if (message.Topic != ClusterTopics.Events || message.OriginSiloId == channel.SiloId)
        {
            return Task.CompletedTask;
        }

        if (ClusterEventCodec.Decode(message.Payload) is not { } batch)
        {
            LogMalformed(message.OriginSiloId);
            return Task.CompletedTask;
        }

        var local = batch.Recipients.Where(HasStreams).ToList();
        if (local.Count == 0)
        {
            return Task.CompletedTask;
        }

        foreach (var item in batch.Events)
        {
            if (item.IsReference)
            {
                // Never wait here: storage may be slow, and other notifications must not queue up behind this one.
                _ = ReadAndDeliverAsync(item.Cursor!.Value, local);
                continue;
            }

            var liveEvent = new LiveEvent(item.Type, item.Data!, item.Cursor);
            foreach (var userId in local)
            {
                Deliver(userId, liveEvent);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task OnResetAsync()
    {
        LogReset(CompleteAll());
        return Task.CompletedTask;
    }

    private async Task ReadAndDeliverAsync(EventCursor cursor, List<Guid> recipients)
    {
        LiveEvent liveEvent;
        try
        {
            var message = await store.GetMessageAsync(cursor.MessageId, recipients[0], _stopping.Token);
            liveEvent = message is null
                ? LiveEvent.Of(EventTypes.Resync, new ResyncEvent("lost"), _json)
                : LiveEvent.MessageCreated(message.ToMessage(), _json);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            LogReadFailed(ex, cursor.MessageId);
            liveEvent = LiveEvent.Of(EventTypes.Resync, new ResyncEvent("lost"), _json);
        }

        foreach (var userId in recipients)
        {
            Deliver(userId, liveEvent);
        }
    }

    private void Unsubscribe(EventStream stream)
    {
        lock (_gate)
        {
            if (!_streams.TryGetValue(stream.UserId, out var streams) || !streams.Contains(stream))
            {
                return;
            }

            streams = streams.Remove(stream);
            _streams = streams.IsEmpty ? _streams.Remove(stream.UserId) : _streams.SetItem(stream.UserId, streams);
            _count--;
        }

        LogClosed(stream.UserId);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event stream of user {UserId} opened")]
    private partial void LogOpened(Guid userId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event stream of user {UserId} closed")]
    private partial void LogClosed(Guid userId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Oldest event stream of user {UserId} ended: {Max} streams per user on this silo")]
    private partial void LogEvicted(Guid userId, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an event stream: this silo holds {Max} streams (Events:MaxStreamsPerSilo)")]
    private partial void LogSiloFull(int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event stream of user {UserId} dropped: {Capacity} events queued and unread")]
    private partial void LogDropped(Guid userId, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed live event notification from silo {SiloId}")]
    private partial void LogMalformed(string siloId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster channel reconnected; ended {Count} event streams to resume from storage")]
    private partial void LogReset(int count);

    [LoggerMessage(
        Level = LogLevel.Information, Message = "Ended {Count} event streams of user {UserId}: their account's tokens changed")]
    private partial void LogAccountChanged(Guid userId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading referenced message {MessageId} for live events failed")]
    private partial void LogReadFailed(Exception exception, Guid messageId);
}
