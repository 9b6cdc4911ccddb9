using ChatBlock.Storage.Webhooks;
using Microsoft.Data.Sqlite;

namespace ChatBlock.Storage.Sqlite;

/// <content>The webhook outbox (SPEC section 8, "Webhooks"; schema step 8).</content>
public sealed partial class SqliteChatStore : IWebhookOutbox
{
    // A random (version 4) UUID in SQLite's own functions, so that one statement can write a row per block.
    private const string NewUuid = """
        lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
            || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        """;

    private readonly WebhookApps _webhookApps = webhookApps ?? WebhookApps.None;

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEvent>> ClaimAsync(
        DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var claimed = await connection.Command(
            """
            UPDATE webhook_outbox SET locked_until = $leaseUntil
            WHERE seq IN (
                SELECT c.seq FROM webhook_outbox c
                WHERE c.dead_at IS NULL AND c.next_attempt_at <= $now AND (c.locked_until IS NULL OR c.locked_until <= $now)
                  AND NOT EXISTS (
                      SELECT 1 FROM webhook_outbox e WHERE e.order_key = c.order_key AND e.dead_at IS NULL AND e.seq < c.seq)
                ORDER BY c.seq LIMIT $limit)
            RETURNING seq, event_id, app_id, type, data, created_at, attempts;
            """)
            .With("$now", now).With("$leaseUntil", leaseUntil).With("$limit", limit)
            .ReadAllAsync(
                r => new OutboxEvent(
                    r.GetInt64(0), r.GetId(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetTime(5), r.GetInt32(6)),
                cancellationToken).ConfigureAwait(false);
        return [.. claimed.OrderBy(e => e.Sequence)];
    }

    /// <inheritdoc />
    public async Task CompleteAsync(long sequence, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.Command("DELETE FROM webhook_outbox WHERE seq = $seq;").With("$seq", sequence)
            .RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task RescheduleAsync(
        long sequence, int attempts, DateTimeOffset nextAttemptAt, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.Command(
            "UPDATE webhook_outbox SET attempts = $attempts, next_attempt_at = $next, locked_until = $lease WHERE seq = $seq;")
            .With("$seq", sequence).With("$attempts", attempts).With("$next", nextAttemptAt).With("$lease", leaseUntil)
            .RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(long sequence, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.Command("UPDATE webhook_outbox SET locked_until = NULL WHERE seq = $seq;").With("$seq", sequence)
            .RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task MarkDeadAsync(long sequence, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.Command("UPDATE webhook_outbox SET dead_at = $at, locked_until = NULL WHERE seq = $seq;")
            .With("$seq", sequence).With("$at", at).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<OutboxBacklog> GetBacklogAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.Command(
            """
            SELECT count(*) FILTER (WHERE dead_at IS NULL), count(*) FILTER (WHERE dead_at IS NOT NULL),
                min(created_at) FILTER (WHERE dead_at IS NULL)
            FROM webhook_outbox;
            """)
            .ReadFirstOrDefaultAsync(
                r => new OutboxBacklog(r.GetInt64(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetTime(2)), cancellationToken)
            .ConfigureAwait(false))!;
    }

    /// <summary>
    /// Writes one outbox row of <paramref name="type"/> per block row that <paramref name="blocksWhere"/> selects (alias <c>k</c>,
    /// parameters <c>$blocker</c>, <c>$blocked</c> or <c>$id</c> bound by <paramref name="bind"/>), in rowid order, for blockers of
    /// <see cref="WebhookApps"/> only; nothing at all when no app has a webhook. Runs inside the change's transaction: after a
    /// block's insert, before a block's delete (the rows read the external ids from <c>users</c>).
    /// </summary>
    private async Task WriteOutboxAsync(
        SqliteConnection connection, SqliteTransaction transaction, WebhookEventType type, string blocksWhere,
        Func<SqliteCommand, SqliteCommand> bind, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (_webhookApps.IsEmpty)
        {
            return;
        }

        var insert = connection.Command(
            $"""
            INSERT INTO webhook_outbox (event_id, app_id, order_key, type, data, created_at, next_attempt_at)
            SELECT {NewUuid}, b.app_id, b.id, $type,
                json_object('blocker', b.username, 'blocked', d.username, $timeField, $atText), $at, $at
            FROM blocks k JOIN users b ON b.id = k.blocker_id JOIN users d ON d.id = k.blocked_id
            WHERE ({blocksWhere}) AND b.app_id IN (SELECT value FROM json_each($apps))
            ORDER BY k.rowid;
            """, transaction)
            .With("$type", type.Name).With("$timeField", type.TimeField).With("$atText", WebhookEventTypes.FormatTime(at))
            .With("$at", at).With("$apps", _webhookApps.AppIdsJson);
        await bind(insert).RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
