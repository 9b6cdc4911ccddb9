using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Webhooks;
using Npgsql;

namespace ChatBlock.Storage.Postgres;

/// <content>
/// Block list import and the usernames export reads (SPEC section 10). An import is ordered against sends by one lock, its
/// blocker's block list lock (<see cref="PostgresLockKeys.UserLockClass"/>), taken exclusively: every direct message takes both
/// participants' block list locks shared after its pair lock, so a send of the importer commits before the import starts or
/// after it commits (and then sees it), as with a single block, without one advisory lock per row.
/// </content>
public sealed partial class PostgresChatStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One transaction: the blocker's limit lock (when the limit is on, as a single block takes it) and block list lock, then the
    /// rows are resolved and the blocker's blocks read (one round trip), the limit checked, and one statement writes the blocks,
    /// the deletions and their audit rows; the notification is sent at commit. What the statement really changed is what is
    /// reported (a single block of the same pair that committed meanwhile is reported as already blocked).
    /// </remarks>
    public async Task<BlockImportOutcome> ImportBlocksAsync(
        Guid blockerId, IReadOnlyList<BlockImportRow> rows, bool overwrite, bool dryRun, DateTimeOffset at, RateWindow limit,
        CancellationToken cancellationToken = default)
    {
        var ids = rows.Where(r => r.UserId is not null).Select(r => r.UserId!.Value).Distinct().ToArray();
        var names = BlockImportPlan.NameVariants(rows);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        HashSet<Guid> known = [];
        Dictionary<string, Guid> byName = new(StringComparer.Ordinal);
        List<Guid> current = [];
        await using (var read = new NpgsqlBatch(connection, transaction))
        {
            if (limit.IsOn)
            {
                read.BatchCommands.Add(Command(
                    PostgresSql.LockLimits, Value(PostgresLockKeys.LimitLockClass),
                    Value(new[] { PostgresLockKeys.ForLimit(blockerId.ToString()) })));
            }

            read.BatchCommands.Add(Command(
                PostgresBlockListSql.LockUser, Value(PostgresLockKeys.UserLockClass), Value(PostgresLockKeys.ForUser(blockerId))));
            read.BatchCommands.Add(Command(PostgresBlockListSql.SelectActiveIds, Value(ids), Value(blockerId)));
            read.BatchCommands.Add(Command(PostgresBlockListSql.SelectIdsByUsername, Value(names), Value(blockerId)));
            read.BatchCommands.Add(Command(PostgresBlockListSql.SelectBlockRows, Value(blockerId)));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            for (var skip = limit.IsOn ? 2 : 1; skip > 0; skip--)
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }

            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                known.Add(reader.GetGuid(0));
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                byName[reader.GetString(0)] = reader.GetGuid(1);
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                current.Add(reader.GetGuid(0));
            }
        }

        var resolved = rows.Select(r => r.UserId is { } id
                ? known.Contains(id) ? id : (Guid?)null
                : BlockImportPlan.FindByName(byName, r.Username!))
            .ToList();
        var (added, removed) = BlockImportPlan.Diff(blockerId, resolved, current, overwrite);
        if (added.Count > 0 && limit.IsOn)
        {
            var made = await InTransaction(
                    connection, transaction, PostgresSql.SelectRecentBlocks,
                    Value(blockerId), Time(at - limit.Window), Value(limit.Permits))
                .ReadAllAsync(r => r.GetFieldValue<DateTimeOffset>(0), cancellationToken).ConfigureAwait(false);
            if (limit.RetryAfter(made, at) is { } wait)
            {
                return new BlockImportOutcome(resolved, [], [], wait);
            }
        }

        if (dryRun || (added.Count == 0 && removed.Count == 0))
        {
            return new BlockImportOutcome(resolved, added, removed);
        }

        // Webhooks (SPEC section 8): a block.deleted row per removed block while it is still there, a block.created row per added
        // one after the insert, in the import's transaction.
        if (removed.Count > 0)
        {
            await WriteOutboxAsync(
                connection, transaction, WebhookEventTypes.BlockDeleted, OutboxOfBlocker, at, [Value(blockerId), Value(removed.ToArray())],
                cancellationToken).ConfigureAwait(false);
        }

        var changes = await InTransaction(
                connection, transaction, PostgresBlockListSql.ApplyImport,
                Value(blockerId), Value(added.ToArray()), Time(at), Value(removed.ToArray()), Value(Guid.CreateVersion7()))
            .ReadAllAsync(r => (Block: r.GetString(0) == "block", UserId: r.GetGuid(1)), cancellationToken).ConfigureAwait(false);
        if (added.Count > 0)
        {
            await WriteOutboxAsync(
                connection, transaction, WebhookEventTypes.BlockCreated, OutboxOfBlocker, at, [Value(blockerId), Value(added.ToArray())],
                cancellationToken).ConfigureAwait(false);
        }

        if (changes.Count > 0)
        {
            await InTransaction(
                    connection, transaction, PostgresBlockListSql.Notify, Value(PostgresNotificationFormat.Channel), Notice(blockerId))
                .RunAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        var blocked = changes.Where(c => c.Block).Select(c => c.UserId).ToHashSet();
        var unblocked = changes.Where(c => !c.Block).Select(c => c.UserId).ToHashSet();
        return new BlockImportOutcome(resolved, [.. added.Where(blocked.Contains)], [.. removed.Where(unblocked.Contains)]);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<Guid, string>> GetUsernamesAsync(
        IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken = default)
    {
        var rows = await Statement(PostgresBlockListSql.SelectUsernames, Value(userIds.Distinct().ToArray()))
            .ReadAllAsync(r => (Id: r.GetGuid(0), Name: r.GetString(1)), cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Id, r => r.Name);
    }

    // Removes blocks of one blocker under their block list lock (exclusive) instead of one lock per pair: unblock-all.
    private Task<IReadOnlyList<Guid>> RemoveBlockListAsync(
        Guid blockerId, IReadOnlyList<Guid> blockedIds, DateTimeOffset at, CancellationToken cancellationToken) =>
        DeleteBlocksAsync(
            Command(PostgresBlockListSql.LockUser, Value(PostgresLockKeys.UserLockClass), Value(PostgresLockKeys.ForUser(blockerId))),
            blockerId, blockedIds, at, cancellationToken);

    // Both participants' block list lock keys, sorted and distinct: what a direct message takes shared.
    private static int[] UserLockKeys(Guid a, Guid b) =>
        [.. new[] { PostgresLockKeys.ForUser(a), PostgresLockKeys.ForUser(b) }.Distinct().Order()];
}
