namespace ChatBlock.Storage.Postgres;

/// <summary>
/// How <see cref="PostgresChatStore"/> groups concurrent direct messages into one transaction (group commit, issue 12). Sends
/// queue; each of <see cref="Consumers"/> loops takes whatever is queued, up to <see cref="MaxMessages"/>, and stores it in one
/// round trip and one commit. A loop that is idle takes a send at once, so a lone send waits for no one.
/// </summary>
public sealed class PostgresSendBatchOptions
{
    /// <summary>
    /// Loops (each at most one connection and one transaction at a time); default the processor count, at least 2 and at most 4.
    /// More loops mean smaller batches at the same load; fewer mean more waiting behind a batch.
    /// </summary>
    public int Consumers { get; init; } = Math.Clamp(Environment.ProcessorCount, 2, 4);

    /// <summary>
    /// Messages per transaction at most (default 64). A batch takes one advisory lock per distinct pair and per distinct user, up
    /// to three per message, from PostgreSQL's shared lock table (<c>max_locks_per_transaction</c> times connections, shared by
    /// every silo), so this stays well under it.
    /// </summary>
    public int MaxMessages { get; init; } = 64;
}
