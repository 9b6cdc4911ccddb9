namespace ChatBlock.Storage.Postgres;

/// <summary>
/// Counters of one <see cref="PostgresChatStore"/>'s group commit of direct messages (issue 12), since the store was made: how
/// many batches of several messages it ran and how large they were. Thread-safe; for diagnostics and tests.
/// </summary>
public sealed class PostgresSendBatchStatistics
{
    private long _batches;
    private long _batchedMessages;
    private int _largestBatch;
    private long _batchesRetriedAlone;

    /// <summary>Batch statements run for two messages or more, whatever their result (a message alone runs the single statement).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Messages carried by those <see cref="Batches"/>.</summary>
    public long BatchedMessages => Interlocked.Read(ref _batchedMessages);

    /// <summary>The most messages one batch statement carried (0 before the first).</summary>
    public int LargestBatch => Volatile.Read(ref _largestBatch);

    /// <summary>
    /// Batches that PostgreSQL refused with an error (rolled back, nothing stored) and whose messages were then sent one by one, so
    /// that only the bad message fails.
    /// </summary>
    public long BatchesRetriedAlone => Interlocked.Read(ref _batchesRetriedAlone);

    /// <summary>Counts a batch statement of <paramref name="messages"/> messages about to run.</summary>
    internal void Started(int messages)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _batchedMessages, messages);
        var largest = Volatile.Read(ref _largestBatch);
        while (messages > largest)
        {
            var seen = Interlocked.CompareExchange(ref _largestBatch, messages, largest);
            if (seen == largest)
            {
                break;
            }

            largest = seen;
        }
    }

    /// <summary>Counts a batch that failed with a server error and runs again message by message.</summary>
    internal void RetriedAlone() => Interlocked.Increment(ref _batchesRetriedAlone);
}
