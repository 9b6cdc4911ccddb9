using System.Collections.Immutable;
using Microsoft.Extensions.Options;

namespace ChatBlock.Api.Events;

/// <summary>
/// This silo's open event streams by user. Delivery never waits: each stream has its own bounded queue, and a stream that falls
/// that far behind is dropped (its client resumes with <c>Last-Event-ID</c>). Safe for concurrent use.
/// </summary>
public sealed partial class EventHub(IOptions<EventsOptions> options, ILogger<EventHub> logger)
{
    private readonly Lock _gate = new();
    private ImmutableDictionary<Guid, ImmutableArray<EventSubscriber>> _subscribers =
        ImmutableDictionary<Guid, ImmutableArray<EventSubscriber>>.Empty;

    /// <summary>How many streams are open on this silo.</summary>
    public int Count => _subscribers.Values.Sum(s => s.Length);

    /// <summary>Opens a stream for <paramref name="userId"/>; dispose it when the connection ends.</summary>
    public EventSubscriber Subscribe(Guid userId)
    {
        var subscriber = new EventSubscriber(userId, options.Value.QueueCapacity, Unsubscribe);
        lock (_gate)
        {
            _subscribers = _subscribers.SetItem(userId, _subscribers.GetValueOrDefault(userId, []).Add(subscriber));
        }

        LogOpened(userId);
        return subscriber;
    }

    /// <summary>Whether <paramref name="userId"/> has a stream open on this silo.</summary>
    public bool HasSubscribers(Guid userId) => _subscribers.ContainsKey(userId);

    /// <summary>Queues <paramref name="liveEvent"/> on every stream of <paramref name="userId"/> on this silo.</summary>
    public void Deliver(Guid userId, LiveEvent liveEvent)
    {
        if (!_subscribers.TryGetValue(userId, out var streams))
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
        var all = _subscribers.Values.SelectMany(s => s).ToList();
        foreach (var stream in all)
        {
            stream.Complete();
        }

        return all.Count;
    }

    private void Unsubscribe(EventSubscriber subscriber)
    {
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(subscriber.UserId, out var streams) || !streams.Contains(subscriber))
            {
                return;
            }

            streams = streams.Remove(subscriber);
            _subscribers = streams.IsEmpty ? _subscribers.Remove(subscriber.UserId) : _subscribers.SetItem(subscriber.UserId, streams);
        }

        LogClosed(subscriber.UserId);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event stream of user {UserId} opened")]
    private partial void LogOpened(Guid userId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event stream of user {UserId} closed")]
    private partial void LogClosed(Guid userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event stream of user {UserId} dropped: {Capacity} events queued and unread")]
    private partial void LogDropped(Guid userId, int capacity);
}
