using System.Data.Common;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace ChatBlock.Storage.Postgres;

/// <summary>
/// <see cref="IChatStore"/> on PostgreSQL (<c>Storage:Provider=Postgres</c>), shared by every silo of a cluster. Semantics match
/// <see cref="Memory.MemoryChatStore"/>; the schema is in <see cref="PostgresSchema"/>.
/// </summary>
/// <remarks>
/// <para>
/// The send gate (SPEC section 3) is exact across silos through advisory locks keyed by the pair
/// (<see cref="PostgresLockKeys.ForPair"/>): a direct message takes the pair's lock shared, then checks both directions and inserts
/// in one statement; every block change takes it exclusively before touching the row. A message therefore commits either before a
/// block change of its pair starts or after it has committed (and then sees it), which READ COMMITTED alone does not promise.
/// Changes of a whole block list (import, unblock-all, account deletion) take one lock instead, the user's block list lock
/// (<see cref="PostgresLockKeys.UserLockClass"/>), which every message also takes shared for both participants.
/// </para>
/// <para>
/// Concurrent direct messages share one round trip and one transaction (group commit, <see cref="PostgresSendBatcher"/>): the
/// batch takes every pair lock and then every block list lock shared, each set sorted, then checks and inserts every message in one
/// statement. Dispose the store to run what is still queued.
/// </para>
/// <para>
/// Block changes notify <see cref="PostgresNotificationFormat.Channel"/> inside their transaction (<c>pg_notify</c>), so the
/// notification is sent exactly when the change commits. Single-transaction operations run as one batch in the implicit
/// transaction of one round trip. Database faults surface as <see cref="NpgsqlException"/> (or
/// <see cref="PostgresException"/>), unchanged.
/// </para>
/// </remarks>
/// <param name="dataSource">The shared database.</param>
/// <param name="channel">Supplies this silo's id for the notifications.</param>
/// <param name="logger">Receives schema migrations; never message contents.</param>
/// <param name="webhookApps">The apps whose block changes are written to the webhook outbox; none when null.</param>
/// <param name="sendBatching">How direct messages are grouped into one transaction; the defaults when null.</param>
public sealed partial class PostgresChatStore(
    NpgsqlDataSource dataSource, IClusterChannel channel, ILogger<PostgresChatStore>? logger = null, WebhookApps? webhookApps = null,
    PostgresSendBatchOptions? sendBatching = null)
    : IChatStore, IAsyncDisposable, IDisposable
{
    private readonly ILogger _logger = logger ?? NullLogger<PostgresChatStore>.Instance;

    /// <inheritdoc />
    /// <remarks>Applies <see cref="PostgresSchema"/> migrations under an advisory lock in one transaction.</remarks>
    public Task InitializeAsync(CancellationToken cancellationToken = default) =>
        PostgresSchema.MigrateAsync(dataSource, _logger, cancellationToken);

    /// <inheritdoc />
    /// <remarks><see langword="false"/> when the database cannot be reached or refuses the query; cancellation still throws.</remarks>
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await Statement("SELECT 1").ScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryCreateUserAsync(UserRecord user, string passwordHash, CancellationToken cancellationToken = default)
    {
        var insert = Statement(
            PostgresSql.InsertUser,
            Value(user.Id), Value(user.Username), Value(user.DisplayName), Text(user.AvatarUrl), Value(passwordHash), Time(user.CreatedAt),
            Time(user.LastSeenAt), Value(user.AppId));
        return await insert.RunAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public Task<UserRecord?> GetUserAsync(Guid userId, CancellationToken cancellationToken = default) =>
        Statement(PostgresSql.SelectUser, Value(userId)).ReadFirstOrDefaultAsync(ReadUser, cancellationToken);

    /// <inheritdoc />
    public Task<(UserRecord User, string PasswordHash)?> GetCredentialsAsync(
        string username, CancellationToken cancellationToken = default) =>
        Statement(PostgresSql.SelectCredentials, Value(username))
            .ReadFirstOrDefaultAsync(
                r => ((UserRecord, string)?)(ReadUser(r), r.GetString(PostgresSql.UserColumnCount)), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<UserRecord>> SearchUsersAsync(
        string appId, string usernamePrefix, int limit, CancellationToken cancellationToken = default)
    {
        var pattern = usernamePrefix.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return await Statement(PostgresSql.SearchUsers, Value(pattern), Value(limit), Value(appId))
            .ReadAllAsync(ReadUser, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task UpdateLastSeenAsync(Guid userId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken = default) =>
        Statement(PostgresSql.UpdateLastSeen, Value(userId), Time(lastSeenAt)).RunAsync(cancellationToken);

    /// <inheritdoc />
    /// <remarks>The update and its notification are one statement.</remarks>
    public Task SetShowLastSeenAsync(Guid userId, bool showLastSeen, CancellationToken cancellationToken = default) =>
        Statement(
            PostgresSql.UpdateShowLastSeen,
            Value(userId), Value(showLastSeen), Value(PostgresNotificationFormat.Channel), AccountNotice(userId))
            .ReadAllAsync(_ => 0, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<BlockRecord>> GetBlocksByBlockerAsync(Guid blockerId, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTracing.Start(StoreTracing.Postgres);
        return await Statement(PostgresSql.SelectBlocksByBlocker, Value(blockerId)).ReadAllAsync(ReadBlock, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks><see cref="AddBlockWithinLimitAsync"/> with <see cref="RateWindow.Off"/>: the pair lock only.</remarks>
    public async Task<BlockAddResult> AddBlockAsync(
        Guid blockerId, Guid blockedId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        (await AddBlockWithinLimitAsync(blockerId, blockedId, at, RateWindow.Off, cancellationToken: cancellationToken).ConfigureAwait(false))
        .Result!;

    /// <inheritdoc />
    /// <remarks>One round trip: pair lock, delete, audit row and notification in one transaction.</remarks>
    public async Task<bool> RemoveBlockAsync(
        Guid blockerId, Guid blockedId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTracing.Start(StoreTracing.Postgres);
        var removed = await RemoveBlocksAsync(blockerId, [blockedId], at, cancellationToken).ConfigureAwait(false);
        return removed.Count == 1;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads the blocked ids, then in one transaction takes the blocker's block list lock (one lock however many blocks, as an
    /// import does; a lock per pair can exhaust the shared lock table) and removes those rows. A block added after the read is not
    /// removed: it counts as added after this call.
    /// </remarks>
    public async Task<IReadOnlyList<Guid>> RemoveAllBlocksAsync(
        Guid blockerId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTracing.Start(StoreTracing.Postgres);
        var blocked = await Statement(PostgresSql.SelectBlockedIds, Value(blockerId), Time(at))
            .ReadAllAsync(r => r.GetGuid(0), cancellationToken).ConfigureAwait(false);
        return blocked.Count == 0 ? [] : await RemoveBlockListAsync(blockerId, blocked, at, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditRecord>> GetAuditTrailAsync(Guid actorId, CancellationToken cancellationToken = default) =>
        Statement(PostgresSql.SelectAuditTrail, Value(actorId)).ReadAllAsync(ReadAudit, cancellationToken);

    /// <inheritdoc />
    public async Task<(ConversationRecord Conversation, bool Created)> GetOrCreateDirectConversationAsync(
        Guid userA, Guid userB, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var pair = UserPair.Of(userA, userB);
        // No row: another silo created it after the statement's snapshot was taken; it is committed, so a second statement sees
        // it (and records the opening).
        for (var attempt = 0; ; attempt++)
        {
            var opened = await Statement(
                PostgresSql.OpenDirectConversation, Value(Guid.CreateVersion7()), Value(pair.Key), Time(at), Value(userA), Value(userB))
                .ReadFirstOrDefaultAsync(r => ((ConversationRecord, bool)?)(ReadConversation(r), r.GetBoolean(5)), cancellationToken)
                .ConfigureAwait(false);
            if (opened is not null || attempt == 1)
            {
                return opened
                    ?? throw new InvalidOperationException(
                        "The pair's direct conversation was not found right after a conflicting insert.");
            }
        }
    }

    /// <inheritdoc />
    public async Task<ConversationRecord?> GetConversationAsync(Guid conversationId, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTracing.Start(StoreTracing.Postgres);
        return await Statement(PostgresSql.SelectConversation, Value(conversationId))
            .ReadFirstOrDefaultAsync(ReadConversation, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ConversationPage> GetConversationsOfUserAsync(
        Guid userId, int limit, ConversationCursor? after, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var rows = await Statement(
            PostgresSql.SelectConversationsOfUser, Value(userId), Value(limit + 1), Time(after?.ActivityAt),
            new NpgsqlParameter { Value = (object?)after?.ConversationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid })
            .ReadAllAsync(r => (Conversation: ReadConversation(r), Activity: r.GetFieldValue<DateTimeOffset>(5)), cancellationToken)
            .ConfigureAwait(false);
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new ConversationCursor(page[^1].Activity, page[^1].Conversation.Id) : null;
        return new ConversationPage([.. page.Select(r => r.Conversation)], next);
    }

    /// <inheritdoc />
    public Task AppendGroupMessageAsync(MessageRecord message, CancellationToken cancellationToken = default) =>
        Statement(PostgresSql.InsertGroupMessage, MessageParameters(message)).RunAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<MessageRecord>> GetMessagesAsync(
        Guid conversationId, Guid viewerId, Guid? before, int limit, CancellationToken cancellationToken = default)
    {
        var select = before is { } cursor
            ? Statement(PostgresSql.SelectMessagesBefore, Value(conversationId), Value(viewerId), Value(limit), Value(cursor))
            : Statement(PostgresSql.SelectMessages, Value(conversationId), Value(viewerId), Value(limit));
        return await select.ReadAllAsync(ReadMessage, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One transaction: the pair's lock (exclusive, as every block change) and then, when the limit is on, the blocker's limit
    /// lock, so that two silos blocking for one user take turns; the existing row and the blocker's recent audit rows are read after
    /// the locks are held (READ COMMITTED: each statement sees every earlier commit), then the conversation, block, audit row and
    /// notification.
    /// </remarks>
    public async Task<BlockAttemptResult> AddBlockWithinLimitAsync(
        Guid blockerId, Guid blockedId, DateTimeOffset at, RateWindow limit, DateTimeOffset? expiresAt = null, string? note = null,
        ReportDraft? report = null, CancellationToken cancellationToken = default)
    {
        using var activity = StoreTracing.Start(StoreTracing.Postgres);
        var pair = UserPair.Of(blockerId, blockedId);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var locks = new NpgsqlBatch(connection, transaction))
        {
            locks.BatchCommands.Add(Command(PostgresSql.LockPair, Value(PostgresLockKeys.ForPair(pair))));
            if (limit.IsOn || report?.Limit.IsOn == true)
            {
                locks.BatchCommands.Add(Command(
                    PostgresSql.LockLimits,
                    Value(PostgresLockKeys.LimitLockClass),
                    Value(new[] { PostgresLockKeys.ForLimit(blockerId.ToString()) })));
            }

            await locks.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var existing = await InTransaction(connection, transaction, PostgresSql.SelectBlock, Value(blockerId), Value(blockedId))
            .ReadFirstOrDefaultAsync(ReadBlock, cancellationToken).ConfigureAwait(false);
        BlockRecord? expired = null;
        if (existing is not null && !existing.IsActiveAt(at))
        {
            // Expired, not yet removed by the server's expiry: not a block. Claimed here (none when the expiry took it first).
            expired = await InTransaction(
                    connection, transaction, PostgresSql.ClaimExpiredBlock, Value(blockerId), Value(blockedId), Time(at))
                .ReadFirstOrDefaultAsync(ReadBlock, cancellationToken).ConfigureAwait(false);
            existing = null;
        }

        if (report is not null
            && await CheckReportAsync(connection, transaction, blockerId, blockedId, at, report, existing is null, cancellationToken)
                .ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        if (existing is null && limit.IsOn)
        {
            var made = await InTransaction(
                    connection, transaction, PostgresSql.SelectRecentBlocks,
                    Value(blockerId), Time(at - limit.Window), Value(limit.Permits))
                .ReadAllAsync(r => r.GetFieldValue<DateTimeOffset>(0), cancellationToken).ConfigureAwait(false);
            if (limit.RetryAfter(made, at) is { } wait)
            {
                return new BlockAttemptResult(null, wait);
            }
        }

        Guid? conversationId = null;
        BlockAddResult result;
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            // The blocker opens the conversation (it is listed to them); the blocked user does not.
            batch.BatchCommands.Add(Command(
                PostgresSql.OpenDirectConversation,
                Value(Guid.CreateVersion7()), Value(pair.Key), Time(at), Value(blockerId), Value(blockedId)));
            batch.BatchCommands.Add(Command(
                PostgresSql.InsertBlock,
                Value(blockerId), Value(blockedId), Time(at), Value(PostgresNotificationFormat.Channel), Notice(blockerId), Time(expiresAt),
                Text(note)));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                conversationId = reader.GetGuid(0);
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            result = new BlockAddResult(reader.GetBoolean(0), reader.GetFieldValue<DateTimeOffset>(1), Guid.Empty)
            {
                ExpiresAt = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                Note = reader.IsDBNull(3) ? null : reader.GetString(3),
                Expired = expired,
            };
        }

        if (result.Added && report is not null)
        {
            await InsertReportAsync(connection, transaction, blockerId, blockedId, at, report, cancellationToken).ConfigureAwait(false);
            result = result with { ReportId = report.Id };
        }

        if (result.Added)
        {
            await WriteOutboxAsync(
                connection, transaction, WebhookEventTypes.BlockCreated, OutboxOfPair, at, [Value(blockerId), Value(blockedId)],
                cancellationToken).ConfigureAwait(false);
            if (report is not null)
            {
                await WriteOutboxAsync(
                    connection, transaction, WebhookEventTypes.ReportCreated, OutboxOfPair, at, [Value(blockerId), Value(blockedId)],
                    cancellationToken).ConfigureAwait(false);
            }
        }

        // No row only when a concurrent GetOrCreateDirectConversationAsync committed the conversation after the statement began.
        conversationId ??= (await GetOrCreateDirectConversationAsync(blockerId, blockedId, at, cancellationToken).ConfigureAwait(false))
            .Conversation.Id;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new BlockAttemptResult(result with { ConversationId = conversationId.Value });
    }

    /// <inheritdoc />
    /// <remarks>
    /// One round trip in one transaction: the upsert either reserves the key (also over an expired answer) or finds it held (waiting
    /// for a concurrent first request to commit), the read then sees what is stored; a bounded batch of expired rows goes last.
    /// </remarks>
    public async Task<IdempotencyRecord?> ReserveIdempotencyKeyAsync(
        Guid userId, string key, DateTimeOffset at, DateTimeOffset expiredBefore, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(PostgresSql.ReserveIdempotencyKey, Value(userId), Value(key), Time(at), Time(expiredBefore)));
        batch.BatchCommands.Add(Command(PostgresSql.SelectIdempotencyKey, Value(userId), Value(key)));
        batch.BatchCommands.Add(Command(PostgresSql.DeleteExpiredIdempotencyKeys, Time(expiredBefore)));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var reserved = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        IdempotencyRecord? stored = null;
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            stored = new IdempotencyRecord(
                reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4));
        }

        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        return reserved ? null : stored;
    }

    /// <inheritdoc />
    public Task CompleteIdempotencyKeyAsync(
        Guid userId, string key, int status, string? contentType, string? location, string body,
        CancellationToken cancellationToken = default) =>
        Statement(
                PostgresSql.CompleteIdempotencyKey,
                Value(userId), Value(key), Value(status), Text(contentType), Text(location), Value(body))
            .RunAsync(cancellationToken);

    /// <inheritdoc />
    public Task ReleaseIdempotencyKeyAsync(Guid userId, string key, CancellationToken cancellationToken = default) =>
        Statement(PostgresSql.DeletePendingIdempotencyKey, Value(userId), Value(key)).RunAsync(cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// One transaction: the subjects' limit locks (in key order, so two attempts cannot deadlock), then their old attempts go, the
    /// recent ones are read (each statement sees every earlier commit), and the attempt is recorded when every subject has a permit.
    /// </remarks>
    public async Task<TimeSpan?> TryRecordLoginAttemptAsync(
        IReadOnlyList<string> subjects, DateTimeOffset at, RateWindow limit, CancellationToken cancellationToken = default)
    {
        var names = subjects.Distinct(StringComparer.Ordinal).ToArray();
        var keys = names.Select(PostgresLockKeys.ForLimit).Distinct().Order().ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var prepare = new NpgsqlBatch(connection, transaction))
        {
            prepare.BatchCommands.Add(Command(PostgresSql.LockLimits, Value(PostgresLockKeys.LimitLockClass), Value(keys)));
            prepare.BatchCommands.Add(Command(PostgresSql.DeleteOldLoginAttempts, Value(names), Time(at - limit.Window)));
            await prepare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var recent = await InTransaction(connection, transaction, PostgresSql.SelectRecentLoginAttempts, Value(names), Value(limit.Permits))
            .ReadAllAsync(r => (Subject: r.GetString(0), At: r.GetFieldValue<DateTimeOffset>(1)), cancellationToken).ConfigureAwait(false);
        TimeSpan? wait = null;
        foreach (var subject in names)
        {
            var times = recent.Where(r => r.Subject == subject).Select(r => r.At).OrderDescending().ToList();
            if (limit.RetryAfter(times, at) is { } subjectWait && (wait is null || subjectWait > wait))
            {
                wait = subjectWait;
            }
        }

        await using (var finish = new NpgsqlBatch(connection, transaction))
        {
            if (wait is null)
            {
                finish.BatchCommands.Add(Command(PostgresSql.InsertLoginAttempts, Value(names), Time(at)));
            }

            finish.BatchCommands.Add(Command(PostgresSql.DeleteOldLoginAttemptsBatch, Time(at - limit.Window)));
            await finish.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return wait;
    }

    private static NpgsqlCommand InTransaction(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        return command;
    }

    /// <inheritdoc />
    /// <remarks>One round trip: the pair's lock (exclusive, as every block change), the update and its notification.</remarks>
    public async Task<BlockRecord?> UpdateBlockAsync(
        Guid blockerId, Guid blockedId, BlockUpdate update, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(PostgresSql.LockPair, Value(PostgresLockKeys.ForPair(UserPair.Of(blockerId, blockedId)))));
        batch.BatchCommands.Add(Command(
            PostgresSql.UpdateBlock,
            Value(blockerId), Value(blockedId), Time(at), Value(update.ChangesExpiry), Time(update.ExpiresAt), Value(update.ChangesNote),
            Text(update.Note), Value(PostgresNotificationFormat.Channel), Notice(blockerId)));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadBlock(reader) : null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One transaction: the claim (<c>FOR UPDATE SKIP LOCKED</c>, then <c>DELETE ... RETURNING</c> with the audit rows) and one
    /// notification per blocker, sent at commit. It takes no pair lock: the send gate already ignores an expired row by time, and
    /// a block change of the pair that holds the row waits for this transaction's row lock (or is skipped by it) and re-checks.
    /// </remarks>
    public async Task<IReadOnlyList<BlockRecord>> ExpireBlocksAsync(
        DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var expired = await InTransaction(connection, transaction, PostgresSql.ExpireBlocks, Time(now), Value(limit))
            .ReadAllAsync(ReadBlock, cancellationToken).ConfigureAwait(false);
        if (expired.Count > 0)
        {
            var notices = expired.Select(b => b.BlockerId).Distinct().Select(b => Encode(ClusterTopics.Blocks, b)).ToArray();
            // One more round trip: the notifications and, for apps with a webhook, the block.expired outbox rows.
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(Command(PostgresSql.NotifyMany, Value(PostgresNotificationFormat.Channel), Value(notices)));
            if (ExpiredOutboxCommand(expired, now) is { } outbox)
            {
                batch.BatchCommands.Add(outbox);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return expired;
    }

    // Removes blocks of one pair under the pair's lock (exclusive): an unblock.
    private Task<IReadOnlyList<Guid>> RemoveBlocksAsync(
        Guid blockerId, IReadOnlyList<Guid> blockedIds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var keys = blockedIds.Select(b => PostgresLockKeys.ForPair(UserPair.Of(blockerId, b))).Distinct().Order().ToArray();
        return DeleteBlocksAsync(Command(PostgresSql.LockPairs, Value(keys)), blockerId, blockedIds, at, cancellationToken);
    }

    // One batch, one implicit transaction: the lock, the webhook outbox rows read from the blocks just before they go, the delete
    // with its audit rows and notification. The removed ids.
    private async Task<IReadOnlyList<Guid>> DeleteBlocksAsync(
        NpgsqlBatchCommand lockCommand, Guid blockerId, IReadOnlyList<Guid> blockedIds, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(lockCommand);
        var outbox = OutboxCommand(
            WebhookEventTypes.BlockDeleted, OutboxOfBlocker, at, Value(blockerId), Value(blockedIds.ToArray()));
        if (outbox is not null)
        {
            batch.BatchCommands.Add(outbox);
        }

        batch.BatchCommands.Add(Command(
            PostgresSql.DeleteBlocks,
            Value(blockerId), Value(blockedIds.ToArray()), Time(at), Value(PostgresNotificationFormat.Channel), Notice(blockerId)));

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        if (outbox is not null)
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        }

        var removed = new List<Guid>(blockedIds.Count);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            removed.Add(reader.GetGuid(0));
        }

        return removed;
    }

    private NpgsqlParameter<string> Notice(Guid blockerId) =>
        Value(PostgresNotificationFormat.Encode(new ClusterMessage(ClusterTopics.Blocks, blockerId.ToString(), channel.SiloId)));

    private static NpgsqlParameter[] MessageParameters(MessageRecord message) =>
    [
        Value(message.Id), Value(message.ConversationId), Value(message.SenderId), Value(message.Content), Value(message.MessageType),
        Time(message.CreatedAt),
    ];

    private static UserRecord ReadUser(DbDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetFieldValue<DateTimeOffset>(4),
        r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5))
    {
        ShowLastSeen = r.GetBoolean(6),
        AppId = r.GetString(7),
    };

    private static ConversationRecord ReadConversation(DbDataReader r) => new(
        r.GetGuid(0), r.GetString(1) == "direct" ? ConversationKind.Direct : ConversationKind.Group, r.IsDBNull(2) ? null : r.GetString(2),
        r.GetFieldValue<Guid[]>(4), r.GetFieldValue<DateTimeOffset>(3));

    private static AuditRecord ReadAudit(DbDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetGuid(2), r.GetFieldValue<DateTimeOffset>(3)) { BySystem = r.GetBoolean(4) };

    // PostgresSql.BlockColumns from column 0.
    private static BlockRecord ReadBlock(DbDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetFieldValue<DateTimeOffset>(2), r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3),
        r.IsDBNull(4) ? null : r.GetString(4));

    private static MessageRecord ReadMessage(DbDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5), r.GetBoolean(6));

    // One statement on a pooled connection of its own; the DbCommandExtensions call that runs it also disposes it.
    private NpgsqlCommand Statement(string sql, params NpgsqlParameter[] parameters)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter<T> Value<T>(T value) => new() { TypedValue = value };

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter<DateTimeOffset> Time(DateTimeOffset value) => Value(value.ToUniversalTime());

    private static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    /// <inheritdoc />
    public Task<TokenState?> GetTokenStateAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Statement(PostgresSql.SelectTokenState, Value(userId), Time(now))
            .ReadFirstOrDefaultAsync(r => new TokenState(r.GetInt64(0), r.GetFieldValue<string[]>(1)), cancellationToken);

    /// <inheritdoc />
    public async Task<string?> GetPasswordHashAsync(Guid userId, CancellationToken cancellationToken = default) =>
        await Statement(PostgresSql.SelectPasswordHash, Value(userId)).ScalarAsync(cancellationToken).ConfigureAwait(false) as string;

    /// <inheritdoc />
    /// <remarks>One statement; the notification is sent when it commits.</remarks>
    public async Task<long?> ChangePasswordAsync(Guid userId, string passwordHash, CancellationToken cancellationToken = default) =>
        await Statement(
            PostgresSql.UpdatePassword, Value(userId), Value(passwordHash), Value(PostgresNotificationFormat.Channel),
            AccountNotice(userId))
            .ScalarAsync(cancellationToken).ConfigureAwait(false) as long?;

    /// <inheritdoc />
    /// <remarks>One statement; the notification is sent when it commits.</remarks>
    public Task RevokeTokenAsync(
        Guid userId, string tokenId, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Statement(
            PostgresSql.InsertRevokedToken, Value(tokenId), Value(userId), Time(expiresAt), Time(now),
            Value(PostgresNotificationFormat.Channel), AccountNotice(userId))
            .ScalarAsync(cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// One transaction: the user's block list lock is taken exclusively (every send of the user takes it shared, so no send of
    /// theirs interleaves; one lock however many blocks, where a lock per pair can exhaust the shared lock table), then the
    /// blocks, the row and the revoked tokens change, and the notifications are sent at commit.
    /// </remarks>
    public async Task<IReadOnlyList<Guid>?> DeleteUserAsync(Guid userId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        NpgsqlCommand InTransaction(string sql, params NpgsqlParameter[] parameters)
        {
            var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddRange(parameters);
            return command;
        }

        await InTransaction(
                PostgresBlockListSql.LockUser, Value(PostgresLockKeys.UserLockClass), Value(PostgresLockKeys.ForUser(userId)))
            .RunAsync(cancellationToken).ConfigureAwait(false);
        // Before the scrub, while the external ids are still there; a user that is not found rolls it back with the rest.
        await WriteOutboxAsync(
            connection, transaction, WebhookEventTypes.BlockDeleted, OutboxOfOrOn, at, [Value(userId)], cancellationToken)
            .ConfigureAwait(false);
        var scrubbed = await InTransaction(PostgresSql.ScrubUser, Value(userId), Time(at), Value($"deleted-{userId:N}"))
            .ScalarAsync(cancellationToken).ConfigureAwait(false);
        if (scrubbed is null)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        var blockers = await InTransaction(PostgresSql.DeleteBlocksOfOrOn, Value(userId), Time(at))
            .ReadAllAsync(r => r.GetGuid(0), cancellationToken).ConfigureAwait(false);
        await InTransaction(PostgresSql.DeleteRevokedTokensOfUser, Value(userId)).RunAsync(cancellationToken).ConfigureAwait(false);
        string[] notices =
        [
            Encode(ClusterTopics.Accounts, userId),
            .. blockers.Select(b => Encode(ClusterTopics.Blocks, b)),
        ];
        await InTransaction(PostgresSql.NotifyMany, Value(PostgresNotificationFormat.Channel), Value(notices))
            .RunAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return blockers;
    }

    private NpgsqlParameter<string> AccountNotice(Guid userId) => Value(Encode(ClusterTopics.Accounts, userId));

    private string Encode(string topic, Guid userId) =>
        PostgresNotificationFormat.Encode(new ClusterMessage(topic, userId.ToString(), channel.SiloId));
}
