using System.Diagnostics;
using System.Threading.Channels;
using Npgsql;

namespace ChatBlock.Storage.Postgres;

/// <summary>
/// The queue of <see cref="PostgresChatStore"/>'s direct messages (group commit, issue 12): callers enqueue and await their own
/// outcome; <see cref="PostgresSendBatchOptions.Consumers"/> loops each take what is queued (up to
/// <see cref="PostgresSendBatchOptions.MaxMessages"/>, in queue order) and store it in one round trip and one transaction, so
/// PostgreSQL pays one commit for many messages. A send's outcome is given only after the transaction that decided it committed.
/// </summary>
/// <remarks>
/// <para>
/// Errors: when a batch of several messages fails with a <see cref="PostgresException"/> (the server refused a statement, so the
/// implicit transaction rolled back and nothing of it is stored), each of its messages runs again alone, in order, and gets its own
/// outcome or error: one bad message (a conversation that does not exist, a duplicate id) fails alone. Any other exception (the
/// connection was lost, a timeout: whether it committed is unknown) fails every message of that batch with it, as a single send
/// fails today.
/// </para>
/// <para>
/// A queued send is never dropped: <see cref="DisposeAsync"/> stops taking new sends and waits until every queued one has run;
/// <see cref="Complete"/> does the same without waiting. A caller that cancels stops waiting; if its send was still queued it is
/// skipped, if it was already in a batch it may still be stored (as a single statement cancelled in flight may be).
/// </para>
/// </remarks>
internal sealed class PostgresSendBatcher : IAsyncDisposable
{
    private readonly Channel<PendingDirectSend> _queue =
        Channel.CreateUnbounded<PendingDirectSend>(new UnboundedChannelOptions { AllowSynchronousContinuations = false });

    private readonly Func<IReadOnlyList<PendingDirectSend>, Task<DirectSendOutcome[]>> _sendMany;
    private readonly Func<PendingDirectSend, Task<DirectSendOutcome>> _sendOne;
    private readonly PostgresSendBatchStatistics _statistics;
    private readonly int _maxMessages;
    private readonly Task[] _consumers;

    /// <summary>Starts the loops.</summary>
    /// <param name="sendMany">Stores two messages or more in one transaction; one outcome per message, in order.</param>
    /// <param name="sendOne">Stores one message alone (the single-row statement).</param>
    /// <param name="options">How many loops, and messages per batch at most; both at least 1.</param>
    /// <param name="statistics">Counts the batches.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count in <paramref name="options"/> is below 1.</exception>
    public PostgresSendBatcher(
        Func<IReadOnlyList<PendingDirectSend>, Task<DirectSendOutcome[]>> sendMany,
        Func<PendingDirectSend, Task<DirectSendOutcome>> sendOne,
        PostgresSendBatchOptions options,
        PostgresSendBatchStatistics statistics)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Consumers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxMessages, 1);
        (_sendMany, _sendOne, _statistics, _maxMessages) = (sendMany, sendOne, statistics, options.MaxMessages);
        // The loops outlive the send that started them: they must not carry its span (Activity.Current) or anything else of it.
        using (ExecutionContext.SuppressFlow())
        {
            _consumers = [.. Enumerable.Range(0, options.Consumers).Select(_ => Task.Run(ConsumeAsync))];
        }
    }

    /// <summary>Queues <paramref name="send"/> and waits for its outcome (after its transaction committed).</summary>
    /// <exception cref="ObjectDisposedException">The store is being disposed.</exception>
    /// <exception cref="NpgsqlException">The database failed this send (see the class remarks for which error comes when).</exception>
    public async Task<DirectSendOutcome> SendAsync(PendingDirectSend send, CancellationToken cancellationToken = default)
    {
        if (!_queue.Writer.TryWrite(send))
        {
            throw new ObjectDisposedException(nameof(PostgresChatStore));
        }

        using var registration = cancellationToken.UnsafeRegister(
            static (state, token) => ((PendingDirectSend)state!).Completion.TrySetCanceled(token), send);
        return await send.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>Takes no more sends; those queued still run (in the background).</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Takes no more sends and waits until every queued one has its outcome.</summary>
    public async ValueTask DisposeAsync()
    {
        Complete();
        await Task.WhenAll(_consumers).ConfigureAwait(false);
    }

    private async Task ConsumeAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingDirectSend>(_maxMessages);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxMessages && reader.TryRead(out var send))
            {
                // Completed already: its caller cancelled while it was queued; it is not sent.
                if (!send.Completion.Task.IsCompleted)
                {
                    batch.Add(send);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            // The database's spans nest under the span of the send that leads the batch (the others carry the batch size).
            Activity.Current = batch[0].Caller;
            if (batch.Count == 1)
            {
                await SendAloneAsync(batch[0]).ConfigureAwait(false);
            }
            else
            {
                await SendBatchAsync(batch).ConfigureAwait(false);
            }

            Activity.Current = null;
        }
    }

    private async Task SendBatchAsync(List<PendingDirectSend> batch)
    {
        _statistics.Started(batch.Count);
        DirectSendOutcome[] outcomes;
        try
        {
            outcomes = await _sendMany(batch).ConfigureAwait(false);
        }
        catch (PostgresException)
        {
            // Refused by the server: rolled back, nothing stored. Each message again alone, in order, so only a bad one fails.
            _statistics.RetriedAlone();
            foreach (var send in batch)
            {
                await SendAloneAsync(send).ConfigureAwait(false);
            }

            return;
        }
        catch (Exception exception)
        {
            // Unknown outcome (connection lost, timeout) or a fault: every message of the batch fails with it.
            foreach (var send in batch)
            {
                send.Completion.TrySetException(exception);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].BatchSize = batch.Count;
            batch[i].Completion.TrySetResult(outcomes[i]);
        }
    }

    private async Task SendAloneAsync(PendingDirectSend send)
    {
        if (send.Completion.Task.IsCompleted)
        {
            return;
        }

        Activity.Current = send.Caller;
        try
        {
            send.Completion.TrySetResult(await _sendOne(send).ConfigureAwait(false));
        }
        catch (Exception exception)
        {
            send.Completion.TrySetException(exception);
        }
    }
}
