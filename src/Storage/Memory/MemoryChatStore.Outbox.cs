using ChatBlock.Storage.Webhooks;

namespace ChatBlock.Storage.Memory;

/// <content>The webhook outbox in memory (SPEC section 8), with the semantics of the SQL stores.</content>
public sealed partial class MemoryChatStore : IWebhookOutbox
{
    private readonly WebhookApps _webhookApps = webhookApps ?? WebhookApps.None;

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboxEvent>> ClaimAsync(
        DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var heads = database.Outbox.Where(r => r.DeadAt is null).GroupBy(r => r.OrderKey).Select(g => g.First())
                .Where(r => r.NextAttemptAt <= now && (r.LockedUntil is null || r.LockedUntil <= now))
                .Take(Math.Max(limit, 0)).ToList();
            foreach (var row in heads)
            {
                row.LockedUntil = leaseUntil;
            }

            return Task.FromResult<IReadOnlyList<OutboxEvent>>(heads.ConvertAll(r => r.Event));
        }
    }

    /// <inheritdoc />
    public Task CompleteAsync(long sequence, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            database.Outbox.RemoveAll(r => r.Event.Sequence == sequence);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task RescheduleAsync(
        long sequence, int attempts, DateTimeOffset nextAttemptAt, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var row in database.Outbox.Where(r => r.Event.Sequence == sequence))
            {
                (row.Event, row.NextAttemptAt, row.LockedUntil) = (row.Event with { Attempts = attempts }, nextAttemptAt, leaseUntil);
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task ReleaseAsync(long sequence, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var row in database.Outbox.Where(r => r.Event.Sequence == sequence))
            {
                row.LockedUntil = null;
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task MarkDeadAsync(long sequence, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var row in database.Outbox.Where(r => r.Event.Sequence == sequence))
            {
                (row.DeadAt, row.LockedUntil) = (at, null);
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<OutboxBacklog> GetBacklogAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var pending = database.Outbox.Where(r => r.DeadAt is null).ToList();
            return Task.FromResult(new OutboxBacklog(
                pending.Count, database.Outbox.Count - pending.Count, pending.Count == 0 ? null : pending.Min(r => r.Event.CreatedAt)));
        }
    }

    // Under _gate, inside the change: one row per block, for blockers of apps with a webhook. Call after a block's insert and
    // before a block's removal (the external ids come from the users).
    private void WriteOutbox(WebhookEventType type, IEnumerable<BlockRecord> blocks, DateTimeOffset at)
    {
        if (_webhookApps.IsEmpty)
        {
            return;
        }

        foreach (var block in blocks)
        {
            if (!database.Users.TryGetValue(block.BlockerId, out var blocker)
                || !database.Users.TryGetValue(block.BlockedId, out var blocked)
                || !_webhookApps.AppIds.Contains(blocker.User.AppId))
            {
                continue;
            }

            var data = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["blocker"] = blocker.User.ExternalId,
                ["blocked"] = blocked.User.ExternalId,
                [type.TimeField] = WebhookEventTypes.FormatTime(at),
            });
            var sequence = ++database.OutboxSequence;
            database.Outbox.Add(new MemoryOutboxRow(
                new OutboxEvent(sequence, Guid.NewGuid(), blocker.User.AppId, type.Name, data, at, 0), block.BlockerId));
        }
    }
}
