using ChatBlock.Storage.Clustering;
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
            "SELECT blocked_id, created_at FROM blocks WHERE blocker_id = $blocker ORDER BY rowid;").With("$blocker", blockerId)
            .ReadAllAsync(r => new BlockRecord(blockerId, r.GetId(0), r.GetTime(1)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks><see cref="AddBlockWithinLimitAsync"/> with <see cref="RateWindow.Off"/>.</remarks>
    public async Task<BlockAddResult> AddBlockAsync(
        Guid blockerId, Guid blockedId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        (await AddBlockWithinLimitAsync(blockerId, blockedId, at, RateWindow.Off, cancellationToken).ConfigureAwait(false)).Result!;

    /// <inheritdoc />
    /// <remarks>Publishes <see cref="ClusterTopics.Blocks"/> after the commit, only when a row was removed.</remarks>
    public async Task<bool> RemoveBlockAsync(
        Guid blockerId, Guid blockedId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTracing.Start(StoreTracing.Sqlite);
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            var deleted = await connection.Command(
                "DELETE FROM blocks WHERE blocker_id = $blocker AND blocked_id = $blocked;", transaction)
                .With("$blocker", blockerId).With("$blocked", blockedId).RunAsync(cancellationToken).ConfigureAwait(false);
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
                "SELECT blocked_id FROM blocks WHERE blocker_id = $blocker ORDER BY rowid;", transaction).With("$blocker", blockerId)
                .ReadAllAsync(r => r.GetId(0), cancellationToken).ConfigureAwait(false);
            if (removed.Count == 0)
            {
                return removed;
            }

            await connection.Command(
                """
                INSERT INTO block_audit (actor_id, action, target_id, created_at)
                SELECT blocker_id, 'unblock', blocked_id, $at FROM blocks WHERE blocker_id = $blocker ORDER BY rowid;
                DELETE FROM blocks WHERE blocker_id = $blocker;
                """, transaction)
                .With("$blocker", blockerId).With("$at", at).RunAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await channel.PublishAsync(ClusterTopics.Blocks, blockerId.ToString(), cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> GetAuditTrailAsync(Guid actorId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.Command(
            "SELECT action, target_id, created_at FROM block_audit WHERE actor_id = $actor ORDER BY id;").With("$actor", actorId)
            .ReadAllAsync(r => new AuditRecord(actorId, r.GetString(0), r.GetId(1), r.GetTime(2)), cancellationToken)
            .ConfigureAwait(false);
    }
}
