namespace ChatBlock.Storage.Webhooks;

/// <summary>
/// The webhook outbox (SPEC section 8; schema step 8): rows written by the stores' block changes in the same transaction (for
/// <see cref="WebhookApps"/> only), read by the sender. Every store implements it next to <see cref="IChatStore"/>.
/// </summary>
/// <remarks>
/// Per-blocker order: <see cref="ClaimAsync"/> hands out only the oldest live row of each blocker, so a blocker's next event is never
/// sent before its earlier one was delivered (or given up). Rows are leased, not locked for the duration of a send: a lease names
/// no silo, it expires, so a row of a silo that died is taken up again by another after its lease.
/// </remarks>
public interface IWebhookOutbox
{
    /// <summary>
    /// Leases up to <paramref name="limit"/> rows until <paramref name="leaseUntil"/>: each the oldest live row of its blocker, due
    /// (its next attempt time passed) and not leased (or its lease expired) at <paramref name="now"/>; oldest first. On PostgreSQL
    /// rows another silo is claiming at the same moment are skipped (<c>FOR UPDATE SKIP LOCKED</c>).
    /// </summary>
    Task<IReadOnlyList<OutboxEvent>> ClaimAsync(
        DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes a delivered row.</summary>
    Task CompleteAsync(long sequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a failed delivery: <paramref name="attempts"/> so far, the next try not before <paramref name="nextAttemptAt"/> (kept
    /// across restarts) and the lease extended to <paramref name="leaseUntil"/>.
    /// </summary>
    Task RescheduleAsync(
        long sequence,
        int attempts,
        DateTimeOffset nextAttemptAt,
        DateTimeOffset leaseUntil,
        CancellationToken cancellationToken = default);

    /// <summary>Gives up the lease of a row (the silo stops), keeping its next attempt time.</summary>
    Task ReleaseAsync(long sequence, CancellationToken cancellationToken = default);

    /// <summary>Marks a row dead at <paramref name="at"/> (retried for the whole period, or its app has no webhook any more).</summary>
    Task MarkDeadAsync(long sequence, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>How many rows are pending and dead, and when the oldest pending change happened.</summary>
    Task<OutboxBacklog> GetBacklogAsync(CancellationToken cancellationToken = default);
}
