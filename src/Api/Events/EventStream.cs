using System.Threading.Channels;

namespace ChatBlock.Api.Events;

/// <summary>
/// One open event stream of one user on this silo: a bounded queue (<see cref="EventsOptions.QueueCapacity"/>) between the
/// <see cref="EventDispatcher"/> and the connection's <see cref="EventsApi"/> response. A stream whose queue is full is dropped
/// rather than allowed to slow delivery for others.
/// </summary>
public sealed class EventStream : IDisposable
{
    private const int StateOpen = 0, StateCompleting = 1, StateDropped = 2, StateClosed = 3;
    private readonly Channel<LiveEvent> _queue;
    private readonly CancellationTokenSource _dropped = new();
    private readonly Action<EventStream> _unsubscribe;
    private int _state = StateOpen;

    internal EventStream(Guid userId, int capacity, Action<EventStream> unsubscribe)
    {
        UserId = userId;
        _unsubscribe = unsubscribe;
        _queue = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        Dropped = _dropped.Token;
    }

    /// <summary>The user whose stream this is.</summary>
    public Guid UserId { get; }

    /// <summary>Events to write, in delivery order; completes when the stream must end (see <see cref="Complete"/>).</summary>
    public ChannelReader<LiveEvent> Reader => _queue.Reader;

    /// <summary>Cancelled when the stream was dropped for being too slow: abort the connection, do not wait for it to drain.</summary>
    public CancellationToken Dropped { get; }

    /// <summary>Queues <paramref name="liveEvent"/>; when the queue is full the stream is dropped instead.</summary>
    /// <returns><see langword="false"/> only when this call dropped the stream.</returns>
    internal bool Offer(LiveEvent liveEvent) => _queue.Writer.TryWrite(liveEvent) || !Drop();

    /// <summary>Ends the stream after what is queued: the client reconnects with <c>Last-Event-ID</c> and resumes from storage.</summary>
    internal void Complete()
    {
        Interlocked.CompareExchange(ref _state, StateCompleting, StateOpen);
        _queue.Writer.TryComplete();
    }

    /// <summary>Ends the stream at once (too slow): the connection is aborted.</summary>
    /// <returns>Whether this call dropped it (it was not already ending).</returns>
    internal bool Drop()
    {
        if (Interlocked.CompareExchange(ref _state, StateDropped, StateOpen) != StateOpen)
        {
            return false;
        }

        _queue.Writer.TryComplete();
        // Never disposed: it has no timer and no parent, so there is nothing to release, and cancelling stays safe after Dispose.
        // Asynchronously, so that the stream's cancellation callbacks do not run on the delivering thread (a grain's turn).
        _ = _dropped.CancelAsync();
        return true;
    }

    /// <summary>Stops delivery to this stream.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _state, StateClosed);
        _unsubscribe(this);
        _queue.Writer.TryComplete();
    }
}
