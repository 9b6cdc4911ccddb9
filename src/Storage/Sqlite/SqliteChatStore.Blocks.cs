using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Webhooks;
using Microsoft.Data.Sqlite;

namespace ChatBlock.Storage.Sqlite;

/// <content>Blocks and their audit trail (SPEC sections 3 and 6).</content>
public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    /// <remarks>In the order the blocks were made.</remarks>
    public async Task<IReadOnlyList<BlockRecord>> GetBlocksByBlockerAsync(Guid blockerId, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTracing.Start(StoreTracing.Sqlite);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.Command(
            "SELECT blocker_id, blocked_id, created_at, expires_at, note FROM blocks WHERE blocker_id = $blocker ORDER BY rowid;")
            .With("$blocker", blockerId)
            .ReadAllAsync(ReadBlock, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks><see cref="AddBlockWithinLimitAsync"/> with <see cref="RateWindow.Off"/>.</remarks>
    public async Task<BlockAddResult> AddBlockAsync(
        Guid blockerId, Guid blockedId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        (await AddBlockWithinLimitAsync(blockerId, blockedId, at, RateWindow.Off, cancellationToken: cancellationToken).ConfigureAwait(false))
        .Result!;

    /// <inheritdoc />
    /// <remarks>Publishes <see cref="ClusterTopics.Blocks"/> after the commit, only when a row was removed.</remarks>
    public async Task<bool> RemoveBlockAsync(
        Guid blockerId, Guid blockedId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTracing.Start(StoreTracing.Sqlite);
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            await WriteOutboxAsync(
                connection, transaction, WebhookEventTypes.BlockDeleted, "k.blocker_id = $blocker AND k.blocked_id = $blocked",
                c => c.With("$blocker", blockerId).With("$blocked", blockedId), at, cancellationToken).ConfigureAwait(false);
            var deleted = await connection.Command(
                $"DELETE FROM blocks WHERE blocker_id = $blocker AND blocked_id = $blocked AND {ActiveAt("$at")};", transaction)
                .With("$blocker", blockerId).With("$blocked", blockedId).With("$at", at).RunAsync(cancellationToken).ConfigureAwait(false);
            if (deleted == 0)
            {
                return false;
            }

            await connection.Command(
                "INSERT INTO block_audit (actor_id, action, target_id, created_at) VALUES ($blocker, 'unblock', $blocked, $at);",
                transaction)
                .With("$blocker", blockerId).With("$blocked", blockedId).With("$at", at).RunAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await channel.PublishAsync(ClusterTopics.Blocks, blockerId.ToString(), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The list and the audit rows are in the order the blocks were made. Publishes <see cref="ClusterTopics.Blocks"/> once after
    /// the commit, only when something was removed.
    /// </remarks>
    public async Task<IReadOnlyList<Guid>> RemoveAllBlocksAsync(
        Guid blockerId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTracing.Start(StoreTracing.Sqlite);
        IReadOnlyList<Guid> removed;
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            removed = await connection.Command(
                $"SELECT blocked_id FROM blocks WHERE blocker_id = $blocker AND {ActiveAt("$at")} ORDER BY rowid;", transaction)
                .With("$blocker", blockerId).With("$at", at)
                .ReadAllAsync(r => r.GetId(0), cancellationToken).ConfigureAwait(false);
            if (removed.Count == 0)
            {
                return removed;
            }

            await WriteOutboxAsync(
                connection, transaction, WebhookEventTypes.BlockDeleted, "k.blocker_id = $blocker",
                c => c.With("$blocker", blockerId), at, cancellationToken).ConfigureAwait(false);
            await connection.Command(
                $"""
                INSERT INTO block_audit (actor_id, action, target_id, created_at)
                SELECT blocker_id, 'unblock', blocked_id, $at FROM blocks WHERE blocker_id = $blocker AND {ActiveAt("$at")} ORDER BY rowid;
                DELETE FROM blocks WHERE blocker_id = $blocker AND {ActiveAt("$at")};
                """, transaction)
                .With("$blocker", blockerId).With("$at", at).RunAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await channel.PublishAsync(ClusterTopics.Blocks, blockerId.ToString(), cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <inheritdoc />
    /// <remarks>Publishes <see cref="ClusterTopics.Blocks"/> after the commit, only when the block was active.</remarks>
    public async Task<BlockRecord?> UpdateBlockAsync(
        Guid blockerId, Guid blockedId, BlockUpdate update, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        BlockRecord? updated;
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            updated = await connection.Command(
                $"""
                UPDATE blocks
                SET expires_at = CASE WHEN $changesExpiry THEN $expiresAt ELSE expires_at END,
                    note = CASE WHEN $changesNote THEN $note ELSE note END
                WHERE blocker_id = $blocker AND blocked_id = $blocked AND {ActiveAt("$at")}
                RETURNING blocker_id, blocked_id, created_at, expires_at, note;
                """)
                .With("$blocker", blockerId).With("$blocked", blockedId).With("$at", at)
                .With("$changesExpiry", update.ChangesExpiry).With("$expiresAt", update.ExpiresAt)
                .With("$changesNote", update.ChangesNote).With("$note", update.Note)
                .ReadFirstOrDefaultAsync(ReadBlock, cancellationToken).ConfigureAwait(false);
        }

        if (updated is not null)
        {
            await channel.PublishAsync(ClusterTopics.Blocks, blockerId.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return updated;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One <c>BEGIN IMMEDIATE</c> transaction (one silo per SQLite file, and the write lock excludes every other writer, so each
    /// row is claimed once). Publishes <see cref="ClusterTopics.Blocks"/> after the commit for each blocker.
    /// </remarks>
    public async Task<IReadOnlyList<BlockRecord>> ExpireBlocksAsync(
        DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<BlockRecord> expired;
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            expired = await connection.Command(
                """
                SELECT blocker_id, blocked_id, created_at, expires_at, note FROM blocks
                WHERE expires_at IS NOT NULL AND expires_at <= $now ORDER BY expires_at LIMIT $limit;
                """, transaction)
                .With("$now", now).With("$limit", limit).ReadAllAsync(ReadBlock, cancellationToken).ConfigureAwait(false);
            if (expired.Count == 0)
            {
                return expired;
            }

            await using var claim = connection.Command(
                """
                DELETE FROM blocks WHERE blocker_id = $blocker AND blocked_id = $blocked;
                INSERT INTO block_audit (actor_id, action, target_id, created_at, by_system)
                VALUES ($blocker, 'unblock', $blocked, $now, 1);
                """, transaction)
                .With("$blocker", Guid.Empty).With("$blocked", Guid.Empty).With("$now", now);
            foreach (var block in expired)
            {
                await WriteOutboxAsync(
                    connection, transaction, WebhookEventTypes.BlockExpired, "k.blocker_id = $blocker AND k.blocked_id = $blocked",
                    c => c.With("$blocker", block.BlockerId).With("$blocked", block.BlockedId), block.ExpiresAt ?? now, cancellationToken)
                    .ConfigureAwait(false);
                claim.Parameters["$blocker"].Value = SqliteMapping.Text(block.BlockerId);
                claim.Parameters["$blocked"].Value = SqliteMapping.Text(block.BlockedId);
                await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await channel.PublishAsync(
            ClusterTopics.Blocks, expired.Select(b => b.BlockerId.ToString()).Distinct().ToList(), cancellationToken)
            .ConfigureAwait(false);
        return expired;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> GetAuditTrailAsync(Guid actorId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.Command(
            "SELECT action, target_id, created_at, by_system FROM block_audit WHERE actor_id = $actor ORDER BY id;")
            .With("$actor", actorId)
            .ReadAllAsync(
                r => new AuditRecord(actorId, r.GetString(0), r.GetId(1), r.GetTime(2)) { BySystem = r.GetInt64(3) != 0 },
                cancellationToken)
            .ConfigureAwait(false);
    }

    // The SQL condition that a row of blocks is in force at the time bound to `parameter` (SPEC section 10: gone at the instant it
    // expires).
    private static string ActiveAt(string parameter) => $"(expires_at IS NULL OR expires_at > {parameter})";

    // A row of (blocker_id, blocked_id, created_at, expires_at, note).
    private static BlockRecord ReadBlock(System.Data.Common.DbDataReader r) =>
        new(r.GetId(0), r.GetId(1), r.GetTime(2), r.IsDBNull(3) ? null : r.GetTime(3), r.GetNullableString(4));
}
