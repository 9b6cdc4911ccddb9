using ChatBlock.Storage.Clustering;
using Microsoft.Data.Sqlite;

namespace ChatBlock.Storage.Sqlite;

/// <content>Limits kept in the database and idempotent answers (SPEC section 11).</content>
public sealed partial class SqliteChatStore
{
    // Expired rows removed per call, so that cleaning never makes one request slow.
    private const int CleanupBatch = 100;

    // $blocker, $since (exclusive), $permits: the times of the blocker's newest blocks that count toward the limit; the rows of
    // one import count once (SPEC section 10).
    private const string CountedBlocksSql = """
        SELECT max(created_at) FROM block_audit
        WHERE actor_id = $blocker AND action = 'block' AND created_at > $since
        GROUP BY import_id, CASE WHEN import_id IS NULL THEN id END
        ORDER BY 1 DESC LIMIT $permits;
        """;

    /// <inheritdoc />
    /// <remarks>
    /// One <c>BEGIN IMMEDIATE</c> transaction (the write lock up front, so the count and the insert see the same database).
    /// Publishes <see cref="ClusterTopics.Blocks"/> after the commit, only when a row was added.
    /// </remarks>
    public async Task<BlockAttemptResult> AddBlockWithinLimitAsync(
        Guid blockerId, Guid blockedId, DateTimeOffset at, RateWindow limit, CancellationToken cancellationToken = default)
    {
        BlockAddResult result;
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            var existing = await connection.Command(
                "SELECT created_at FROM blocks WHERE blocker_id = $blocker AND blocked_id = $blocked;", transaction)
                .With("$blocker", blockerId).With("$blocked", blockedId).ScalarAsync(cancellationToken).ConfigureAwait(false);
            if (existing is null && limit.IsOn)
            {
                var made = await connection.Command(CountedBlocksSql, transaction)
                    .With("$blocker", blockerId).With("$since", at - limit.Window).With("$permits", limit.Permits)
                    .ReadAllAsync(r => r.GetTime(0), cancellationToken).ConfigureAwait(false);
                if (limit.RetryAfter(made, at) is { } wait)
                {
                    return new BlockAttemptResult(null, wait);
                }
            }

            // The blocker opens it (it is listed to them, "You blocked this contact"); the blocked user does not.
            var (conversation, _) = await OpenDirectAsync(connection, transaction, blockerId, blockedId, at, cancellationToken)
                .ConfigureAwait(false);
            if (existing is long existingAt)
            {
                result = new BlockAddResult(false, StoreClock.FromUnixMicroseconds(existingAt), conversation.Id);
            }
            else
            {
                await connection.Command(
                    """
                    INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($blocker, $blocked, $at);
                    INSERT INTO block_audit (actor_id, action, target_id, created_at) VALUES ($blocker, 'block', $blocked, $at);
                    """, transaction)
                    .With("$blocker", blockerId).With("$blocked", blockedId).With("$at", at)
                    .RunAsync(cancellationToken).ConfigureAwait(false);
                result = new BlockAddResult(true, at, conversation.Id);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (result.Added)
        {
            await channel.PublishAsync(ClusterTopics.Blocks, blockerId.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return new BlockAttemptResult(result);
    }

    /// <inheritdoc />
    public async Task<IdempotencyRecord?> ReserveIdempotencyKeyAsync(
        Guid userId, string key, DateTimeOffset at, DateTimeOffset expiredBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await connection.Command(
            """
            DELETE FROM idempotency_keys WHERE user_id = $user AND key = $key AND created_at <= $expired;
            DELETE FROM idempotency_keys WHERE rowid IN (
                SELECT rowid FROM idempotency_keys WHERE created_at <= $expired LIMIT $batch);
            """, transaction)
            .With("$user", userId).With("$key", key).With("$expired", expiredBefore).With("$batch", CleanupBatch)
            .RunAsync(cancellationToken).ConfigureAwait(false);
        var stored = await connection.Command(
            "SELECT status, content_type, location, body, created_at FROM idempotency_keys WHERE user_id = $user AND key = $key;",
            transaction)
            .With("$user", userId).With("$key", key)
            .ReadFirstOrDefaultAsync(
                r => new IdempotencyRecord(
                    r.GetInt32(0), r.GetNullableString(1), r.GetNullableString(2), r.GetNullableString(3), r.GetTime(4)),
                cancellationToken)
            .ConfigureAwait(false);
        if (stored is null)
        {
            await connection.Command(
                "INSERT INTO idempotency_keys (user_id, key, status, created_at) VALUES ($user, $key, 0, $at);", transaction)
                .With("$user", userId).With("$key", key).With("$at", at).RunAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <inheritdoc />
    public async Task CompleteIdempotencyKeyAsync(
        Guid userId, string key, int status, string? contentType, string? location, string body,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.Command(
            """
            UPDATE idempotency_keys SET status = $status, content_type = $contentType, location = $location, body = $body
            WHERE user_id = $user AND key = $key;
            """)
            .With("$user", userId).With("$key", key).With("$status", status).With("$contentType", contentType)
            .With("$location", location).With("$body", body).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ReleaseIdempotencyKeyAsync(Guid userId, string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.Command("DELETE FROM idempotency_keys WHERE user_id = $user AND key = $key AND status = 0;")
            .With("$user", userId).With("$key", key).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One <c>BEGIN IMMEDIATE</c> transaction; removes the subjects' attempts that left the window.</remarks>
    public async Task<TimeSpan?> TryRecordLoginAttemptAsync(
        IReadOnlyList<string> subjects, DateTimeOffset at, RateWindow limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await connection.Command(
            "DELETE FROM login_attempts WHERE rowid IN (SELECT rowid FROM login_attempts WHERE attempted_at <= $since LIMIT $batch);",
            transaction)
            .With("$since", at - limit.Window).With("$batch", CleanupBatch).RunAsync(cancellationToken).ConfigureAwait(false);
        TimeSpan? wait = null;
        foreach (var subject in subjects)
        {
            await connection.Command("DELETE FROM login_attempts WHERE subject = $subject AND attempted_at <= $since;", transaction)
                .With("$subject", subject).With("$since", at - limit.Window).RunAsync(cancellationToken).ConfigureAwait(false);
            var times = await connection.Command(
                "SELECT attempted_at FROM login_attempts WHERE subject = $subject ORDER BY attempted_at DESC LIMIT $permits;",
                transaction)
                .With("$subject", subject).With("$permits", limit.Permits)
                .ReadAllAsync(r => r.GetTime(0), cancellationToken).ConfigureAwait(false);
            if (limit.RetryAfter(times, at) is { } subjectWait && (wait is null || subjectWait > wait))
            {
                wait = subjectWait;
            }
        }

        if (wait is null)
        {
            foreach (var subject in subjects)
            {
                await connection.Command("INSERT INTO login_attempts (subject, attempted_at) VALUES ($subject, $at);", transaction)
                    .With("$subject", subject).With("$at", at).RunAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return wait;
    }
}
