using System.Text.Json;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Webhooks;

namespace ChatBlock.Storage.Sqlite;

/// <content>Block list import and the usernames export reads (SPEC section 10).</content>
public sealed partial class SqliteChatStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One <c>BEGIN IMMEDIATE</c> transaction (the write lock up front, as a send takes it), so the import is atomic and a send
    /// is wholly before or after it. Id lists travel as one JSON array parameter each (<c>json_each</c>), so 10,000 rows are a
    /// handful of statements. Publishes <see cref="ClusterTopics.Blocks"/> after the commit, only when something changed.
    /// </remarks>
    public async Task<BlockImportOutcome> ImportBlocksAsync(
        Guid blockerId, IReadOnlyList<BlockImportRow> rows, bool overwrite, bool dryRun, DateTimeOffset at, RateWindow limit,
        CancellationToken cancellationToken = default)
    {
        BlockImportOutcome outcome;
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            var ids = rows.Where(r => r.UserId is not null).Select(r => SqliteMapping.Text(r.UserId!.Value)).Distinct().ToList();
            var names = BlockImportPlan.NameVariants(rows);
            // Users of the importer's app only (SPEC section 8): another app's user answers as an unknown one.
            var known = (await connection.Command(
                    """
                    SELECT id FROM users WHERE id IN (SELECT value FROM json_each($ids)) AND deleted_at IS NULL
                        AND app_id = (SELECT app_id FROM users WHERE id = $blocker);
                    """, transaction)
                .With("$ids", JsonSerializer.Serialize(ids)).With("$blocker", blockerId)
                .ReadAllAsync(r => r.GetId(0), cancellationToken).ConfigureAwait(false))
                .ToHashSet();
            var byName = (await connection.Command(
                    """
                    SELECT username, id FROM users WHERE username IN (SELECT value FROM json_each($names)) AND deleted_at IS NULL
                        AND app_id = (SELECT app_id FROM users WHERE id = $blocker);
                    """,
                    transaction)
                .With("$names", JsonSerializer.Serialize(names)).With("$blocker", blockerId)
                .ReadAllAsync(r => (Name: r.GetString(0), Id: r.GetId(1)), cancellationToken).ConfigureAwait(false))
                .ToDictionary(r => r.Name, r => r.Id, StringComparer.Ordinal);
            var resolved = rows.Select(r => r.UserId is { } id
                    ? known.Contains(id) ? id : (Guid?)null
                    : BlockImportPlan.FindByName(byName, r.Username!))
                .ToList();
            var current = await connection.Command("SELECT blocked_id FROM blocks WHERE blocker_id = $blocker ORDER BY rowid;", transaction)
                .With("$blocker", blockerId).ReadAllAsync(r => r.GetId(0), cancellationToken).ConfigureAwait(false);
            var (added, removed) = BlockImportPlan.Diff(blockerId, resolved, current, overwrite);
            if (added.Count > 0 && limit.IsOn)
            {
                var made = await connection.Command(CountedBlocksSql, transaction)
                    .With("$blocker", blockerId).With("$since", at - limit.Window).With("$permits", limit.Permits)
                    .ReadAllAsync(r => r.GetTime(0), cancellationToken).ConfigureAwait(false);
                if (limit.RetryAfter(made, at) is { } wait)
                {
                    return new BlockImportOutcome(resolved, [], [], wait);
                }
            }

            outcome = new BlockImportOutcome(resolved, added, removed);
            if (dryRun || (added.Count == 0 && removed.Count == 0))
            {
                return outcome;
            }

            // Webhooks (SPEC section 8): a block.deleted row per removed block while it is still there, a block.created row per
            // added one after the insert, in the import's transaction.
            var addedJson = JsonSerializer.Serialize(added.Select(SqliteMapping.Text));
            var removedJson = JsonSerializer.Serialize(removed.Select(SqliteMapping.Text));
            await WriteOutboxAsync(
                connection, transaction, WebhookEventTypes.BlockDeleted,
                "k.blocker_id = $blocker AND k.blocked_id IN (SELECT value FROM json_each($ids))",
                c => c.With("$blocker", blockerId).With("$ids", removedJson), at, cancellationToken).ConfigureAwait(false);
            await connection.Command(
                """
                INSERT INTO blocks (blocker_id, blocked_id, created_at) SELECT $blocker, value, $at FROM json_each($added) ORDER BY key;
                INSERT INTO block_audit (actor_id, action, target_id, created_at, import_id)
                SELECT $blocker, 'block', value, $at, $import FROM json_each($added) ORDER BY key;
                DELETE FROM blocks WHERE blocker_id = $blocker AND blocked_id IN (SELECT value FROM json_each($removed));
                INSERT INTO block_audit (actor_id, action, target_id, created_at, import_id)
                SELECT $blocker, 'unblock', value, $at, $import FROM json_each($removed) ORDER BY key;
                """, transaction)
                .With("$blocker", blockerId).With("$at", at).With("$import", Guid.CreateVersion7())
                .With("$added", JsonSerializer.Serialize(added.Select(SqliteMapping.Text)))
                .With("$removed", JsonSerializer.Serialize(removed.Select(SqliteMapping.Text)))
                .RunAsync(cancellationToken).ConfigureAwait(false);
            await WriteOutboxAsync(
                connection, transaction, WebhookEventTypes.BlockCreated,
                "k.blocker_id = $blocker AND k.blocked_id IN (SELECT value FROM json_each($ids))",
                c => c.With("$blocker", blockerId).With("$ids", addedJson), at, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await channel.PublishAsync(ClusterTopics.Blocks, blockerId.ToString(), cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<Guid, string>> GetUsernamesAsync(
        IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.Command(
                "SELECT id, username FROM users WHERE id IN (SELECT value FROM json_each($ids)) AND deleted_at IS NULL;")
            .With("$ids", JsonSerializer.Serialize(userIds.Select(SqliteMapping.Text)))
            .ReadAllAsync(r => (Id: r.GetId(0), Name: r.GetString(1)), cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Id, r => r.Name);
    }
}
