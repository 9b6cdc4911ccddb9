using System.Threading.Channels;
using ChatBlock.Storage.Clustering;

namespace ChatBlock.Api.Events;

/// <summary>
/// Takes live-event publication off the send path: <see cref="ClusterEventSink"/> queues encoded payloads here, and one loop
/// sends whatever has queued up in one batch on the <see cref="IClusterChannel"/> (one round trip on PostgreSQL), in order.
/// </summary>
/// <remarks>
/// The queue holds <see cref="Capacity"/> payloads; when it is full, <see cref="EnqueueAsync"/> waits (back-pressure on the
/// senders) rather than drop an event. A failed batch is logged and dropped: the messages are stored, and streams get them on
/// their next resume. On shutdown the queue is drained before the channel closes.
/// </remarks>
public sealed partial class EventPublisher(IClusterChannel channel, ILogger<EventPublisher> logger) : BackgroundService
{
    /// <summary>Most payloads waiting to be published.</summary>
    public const int Capacity = 8192;

    /// <summary>Most payloads sent in one batch.</summary>
    public const int MaxBatch = 64;

    private readonly Channel<string> _queue = Channel.CreateBounded<string>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Queues <paramref name="payloads"/> for publication on <see cref="ClusterTopics.Events"/>, in order.</summary>
    /// <remarks>After shutdown has begun, payloads are dropped: streams are closing and resume from storage.</remarks>
    public async ValueTask EnqueueAsync(IEnumerable<string> payloads, CancellationToken cancellationToken = default)
    {
        foreach (var payload in payloads)
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
                // The loop must outlive a database hiccup; these events reach their streams on resume instead.
                LogPublishFailed(ex, batch.Count);
            }

            batch.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} live events failed; their streams get them on resume")]
    private partial void LogPublishFailed(Exception exception, int count);
}
