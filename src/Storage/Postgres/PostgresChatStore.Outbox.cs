using ChatBlock.Storage.Webhooks;
using Npgsql;

namespace ChatBlock.Storage.Postgres;

/// <content>The webhook outbox (SPEC section 8, "Webhooks"; schema step 8), shared by every silo of the database.</content>
public sealed partial class PostgresChatStore : IWebhookOutbox
{
    /// <summary>Blocks of one pair: $6 blocker, $7 blocked.</summary>
    private const string OutboxOfPair = "k.blocker_id = $6 AND k.blocked_id = $7";

    /// <summary>Blocks of one blocker on several users: $6 blocker, $7 blocked ids.</summary>
    private const string OutboxOfBlocker = "k.blocker_id = $6 AND k.blocked_id = ANY ($7::uuid[])";

    /// <summary>Blocks of or on one user: $6 user.</summary>
    private const string OutboxOfOrOn = "k.blocker_id = $6 OR k.blocked_id = $6";

    // $1 now, $2 lease until, $3 limit. The oldest live row of each blocker that is due and not leased; rows another silo is
    // claiming at this moment are skipped, and one it claimed just before fails the re-check of locked_until (READ COMMITTED
    // re-reads a row locked FOR UPDATE).
    private const string ClaimOutbox = """
        UPDATE webhook_outbox o SET locked_until = $2
        WHERE o.seq IN (
            SELECT c.seq FROM webhook_outbox c
            WHERE c.dead_at IS NULL AND c.next_attempt_at <= $1 AND (c.locked_until IS NULL OR c.locked_until <= $1)
              AND NOT EXISTS (
                  SELECT 1 FROM webhook_outbox e WHERE e.order_key = c.order_key AND e.dead_at IS NULL AND e.seq < c.seq)
            ORDER BY c.seq LIMIT $3
            FOR UPDATE SKIP LOCKED)
        RETURNING o.seq, o.event_id, o.app_id, o.type, o.data, o.created_at, o.attempts
        """;

    private readonly WebhookApps _webhookApps = webhookApps ?? WebhookApps.None;

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEvent>> ClaimAsync(
        DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default)
    {
        var claimed = await Statement(ClaimOutbox, Time(now), Time(leaseUntil), Value(limit))
            .ReadAllAsync(
                r => new OutboxEvent(
                    r.GetInt64(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5),
                    r.GetInt32(6)),
                cancellationToken).ConfigureAwait(false);
        return [.. claimed.OrderBy(e => e.Sequence)];
    }

    /// <inheritdoc />
    public Task CompleteAsync(long sequence, CancellationToken cancellationToken = default) =>
        Statement("DELETE FROM webhook_outbox WHERE seq = $1", Value(sequence)).RunAsync(cancellationToken);

    /// <inheritdoc />
    public Task RescheduleAsync(
        long sequence,
        int attempts,
        DateTimeOffset nextAttemptAt,
        DateTimeOffset leaseUntil,
        CancellationToken cancellationToken = default) =>
        Statement(
            "UPDATE webhook_outbox SET attempts = $2, next_attempt_at = $3, locked_until = $4 WHERE seq = $1",
            Value(sequence), Value(attempts), Time(nextAttemptAt), Time(leaseUntil)).RunAsync(cancellationToken);

    /// <inheritdoc />
    public Task ReleaseAsync(long sequence, CancellationToken cancellationToken = default) =>
        Statement("UPDATE webhook_outbox SET locked_until = NULL WHERE seq = $1", Value(sequence)).RunAsync(cancellationToken);

    /// <inheritdoc />
    public Task MarkDeadAsync(long sequence, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Statement("UPDATE webhook_outbox SET dead_at = $2, locked_until = NULL WHERE seq = $1", Value(sequence), Time(at))
            .RunAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<OutboxBacklog> GetBacklogAsync(CancellationToken cancellationToken = default) =>
        (await Statement(
            """
            SELECT count(*) FILTER (WHERE dead_at IS NULL), count(*) FILTER (WHERE dead_at IS NOT NULL),
                min(created_at) FILTER (WHERE dead_at IS NULL)
            FROM webhook_outbox
            """)
            .ReadFirstOrDefaultAsync(
                r => new OutboxBacklog(r.GetInt64(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2)),
                cancellationToken).ConfigureAwait(false))!;

    /// <summary>
    /// One outbox row of <paramref name="type"/> per block row that <paramref name="blocksWhere"/> selects (alias <c>k</c>; its
    /// parameters from $6 are <paramref name="where"/>), oldest block first, for blockers of <see cref="WebhookApps"/>; null when no
    /// app has a webhook (then nothing is to be written). Run inside the change's transaction, after a block's insert or before a
    /// block's delete. Returns the new rows' <c>seq</c> (a result set even when empty, so a reader over a batch steps over it
    /// with one <c>NextResult</c>).
    /// </summary>
    private NpgsqlBatchCommand? OutboxCommand(
        WebhookEventType type, string blocksWhere, DateTimeOffset at, params NpgsqlParameter[] where)
    {
        if (_webhookApps.IsEmpty)
        {
            return null;
        }

        var command = Command(
            $"""
            INSERT INTO webhook_outbox (event_id, app_id, order_key, type, data, created_at, next_attempt_at)
            SELECT gen_random_uuid(), b.app_id, b.id, $1,
                json_build_object('blocker', b.username, 'blocked', d.username, $2::text, $3::text)::text, $4, $4
            FROM blocks k JOIN users b ON b.id = k.blocker_id JOIN users d ON d.id = k.blocked_id
            WHERE ({blocksWhere}) AND b.app_id = ANY ($5::text[])
            ORDER BY k.created_at, k.blocker_id, k.blocked_id
            RETURNING seq
            """,
            Value(type.Name), Value(type.TimeField), Value(WebhookEventTypes.FormatTime(at)), Time(at),
            Value(_webhookApps.AppIds.ToArray()));
        command.Parameters.AddRange(where);
        return command;
    }

    /// <summary>
    /// One <c>block.expired</c> outbox row per block in <paramref name="expired"/> (rows the expiry has just claimed and deleted, so
    /// they are named by value rather than read from <c>blocks</c>), in order, for blockers of <see cref="WebhookApps"/>; null when
    /// no app has a webhook. Each event's <c>expiredAt</c> is its block's expiry.
    /// </summary>
    private NpgsqlBatchCommand? ExpiredOutboxCommand(IReadOnlyList<BlockRecord> expired, DateTimeOffset now)
    {
        if (_webhookApps.IsEmpty || expired.Count == 0)
        {
            return null;
        }

        var type = WebhookEventTypes.BlockExpired;
        return Command(
            """
            INSERT INTO webhook_outbox (event_id, app_id, order_key, type, data, created_at, next_attempt_at)
            SELECT gen_random_uuid(), b.app_id, b.id, $1,
                json_build_object('blocker', b.username, 'blocked', d.username, $2::text, x.at)::text, $3, $3
            FROM unnest($4::uuid[], $5::uuid[], $6::text[]) WITH ORDINALITY AS x (blocker, blocked, at, n)
            JOIN users b ON b.id = x.blocker JOIN users d ON d.id = x.blocked
            WHERE b.app_id = ANY ($7::text[])
            ORDER BY x.n
            """,
            Value(type.Name), Value(type.TimeField), Time(now), Value(expired.Select(b => b.BlockerId).ToArray()),
            Value(expired.Select(b => b.BlockedId).ToArray()),
            Value(expired.Select(b => WebhookEventTypes.FormatTime(b.ExpiresAt ?? now)).ToArray()),
            Value(_webhookApps.AppIds.ToArray()));
    }

    /// <summary>Runs <see cref="OutboxCommand"/> in <paramref name="transaction"/>, if there is anything to write.</summary>
    private async Task WriteOutboxAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, WebhookEventType type, string blocksWhere, DateTimeOffset at,
        NpgsqlParameter[] where, CancellationToken cancellationToken)
    {
        if (OutboxCommand(type, blocksWhere, at, where) is not { } command)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
