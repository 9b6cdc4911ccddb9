using System.Diagnostics;
using ChatBlock.Silo.Telemetry;
using ChatBlock.Storage;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Postgres;
using ChatBlock.Tests.Infrastructure;
using Npgsql;

namespace ChatBlock.Tests.Storage;

/// <summary>
/// Group commit of direct messages on PostgreSQL (issue 12): queued sends share one transaction, each still gets the outcome of its
/// own check at its own time, a block is never passed, a bad message fails alone, and nothing queued is dropped.
/// </summary>
/// <remarks>
/// Batches are made deterministic by stalling the store's one loop: a send of another pair waits for that pair's lock, held by a
/// transaction of the test, while the sends under test queue behind it; releasing the lock lets the loop take them all at once.
/// </remarks>
[Collection(PostgresCollection.Name)]
public sealed class PostgresGroupCommitTests : PostgresStoreTests
{
    [Fact]
    public async Task ConcurrentSendsShareTransactionsAndEachGetsTheOutcomeOfItsOwnCheck()
    {
        await using var store = OneLoopStore();
        var at = Now();
        var active = new HashSet<(Guid Blocker, Guid Blocked)>();
        var sends = new List<(MessageRecord Message, Guid RecipientId, bool Shadow)>();
        for (var i = 0; i < 50; i++)
        {
            var (a, b) = (await NewUserAsync(), await NewUserAsync());
            var (conversation, _) = await store.GetOrCreateDirectConversationAsync(a.Id, b.Id, at);
            switch (i % 6)
            {
                case 1:
                    await store.AddBlockAsync(a.Id, b.Id, at);
                    active.Add((a.Id, b.Id));
                    break;
                case 2:
                    await store.AddBlockAsync(b.Id, a.Id, at);
                    active.Add((b.Id, a.Id));
                    break;
                case 3:
                    await store.AddBlockAsync(a.Id, b.Id, at);
                    await store.AddBlockAsync(b.Id, a.Id, at);
                    active.UnionWith([(a.Id, b.Id), (b.Id, a.Id)]);
                    break;
                case 4:
                    // Expired before the messages' time: no block for them.
                    await store.AddBlockWithinLimitAsync(a.Id, b.Id, at.AddHours(-2), RateWindow.Off, expiresAt: at.AddHours(-1));
                    break;
                case 5:
                    await store.AddBlockWithinLimitAsync(a.Id, b.Id, at, RateWindow.Off, expiresAt: at.AddHours(1));
                    active.Add((a.Id, b.Id));
                    break;
            }

            foreach (var (sender, recipient) in new[] { (a, b), (b, a) })
            {
                foreach (var shadow in new[] { false, true })
                {
                    sends.Add((Message(conversation.Id, sender, at), recipient.Id, shadow));
                }
            }
        }

        List<Task<DirectSendOutcome>> outcomes;
        await using (var stall = await StallAsync(store))
        {
            outcomes = [.. sends.Select(s => store.AppendDirectMessageAsync(s.Message, s.RecipientId, s.Shadow))];
            await stall.ReleaseAsync();
        }

        var expected = sends.Select(s => Expected(active, s.Message.SenderId, s.RecipientId, s.Shadow)).ToList();
        Assert.Equal(expected, await Task.WhenAll(outcomes));
        Assert.Contains(DirectSendOutcome.StoredSenderOnly, expected);
        Assert.Contains(DirectSendOutcome.RecipientBlocksSender, expected);

        var rows = await StoredRowsAsync(sends.Select(s => s.Message.Id));
        var storedIds = sends.Where((_, i) => expected[i] is DirectSendOutcome.Stored or DirectSendOutcome.StoredSenderOnly)
            .Select(s => s.Message.Id).ToHashSet();
        Assert.Equal(storedIds, rows.Select(r => r.Id).ToHashSet());
        Assert.All(rows, r => Assert.Equal(
            expected[sends.FindIndex(s => s.Message.Id == r.Id)] == DirectSendOutcome.StoredSenderOnly, r.SenderOnly));
        // Messages of one conversation keep their order.
        foreach (var conversation in rows.GroupBy(r => r.ConversationId))
        {
            var inputOrder = sends.Select(s => s.Message.Id).Where(conversation.Select(r => r.Id).Contains).ToList();
            Assert.Equal(inputOrder, conversation.OrderBy(r => r.Seq).Select(r => r.Id).ToList());
        }

        // Several messages committed in one transaction (the same xmin): what a message stored alone never shows.
        Assert.True(rows.GroupBy(r => r.Transaction).Max(g => g.Count()) > 1, "No two messages shared a transaction.");
        Assert.Equal(new PostgresSendBatchOptions().MaxMessages, store.SendBatches.LargestBatch);
    }

    [Fact]
    public async Task QueuedSendsOfAPairAreRefusedWhenABlockCommitsBeforeTheirBatchRuns()
    {
        await using var store = OneLoopStore();
        var (sender, recipient, other) = (await NewUserAsync(), await NewUserAsync(), await NewUserAsync());
        var (blocked, _) = await store.GetOrCreateDirectConversationAsync(sender.Id, recipient.Id, Now());
        var (open, _) = await store.GetOrCreateDirectConversationAsync(sender.Id, other.Id, Now());
        await using var otherSilo = NpgsqlDataSource.Create(DataSource.ConnectionString);
        await using var otherStore = NewStore(otherSilo, "silo-other");

        List<Task<DirectSendOutcome>> refused, accepted;
        await using (var stall = await StallAsync(store))
        {
            refused = [.. Enumerable.Range(0, 3)
                .Select(_ => store.AppendDirectMessageAsync(Message(blocked.Id, sender), recipient.Id, false))];
            accepted = [.. Enumerable.Range(0, 3)
                .Select(_ => store.AppendDirectMessageAsync(Message(open.Id, sender), other.Id, false))];
            Assert.True((await otherStore.AddBlockAsync(recipient.Id, sender.Id, Now())).Added);
            await stall.ReleaseAsync();
        }

        Assert.All(await Task.WhenAll(refused), o => Assert.Equal(DirectSendOutcome.RecipientBlocksSender, o));
        Assert.All(await Task.WhenAll(accepted), o => Assert.Equal(DirectSendOutcome.Stored, o));
        Assert.Empty(await store.GetMessagesAsync(blocked.Id, sender.Id, null, 10));
        Assert.Equal(6, store.SendBatches.LargestBatch);
    }

    [Fact]
    public async Task ABatchWaitsForAnInFlightBlockOfOneOfItsPairsAndThenRefusesThatPairOnly()
    {
        await using var store = OneLoopStore();
        var (sender, recipient, other) = (await NewUserAsync(), await NewUserAsync(), await NewUserAsync());
        var (blocked, _) = await store.GetOrCreateDirectConversationAsync(sender.Id, recipient.Id, Now());
        var (open, _) = await store.GetOrCreateDirectConversationAsync(other.Id, recipient.Id, Now());

        // Another silo's block transaction, paused after it took the pair lock and wrote the row, before it commits.
        await using var otherSilo = await DataSource.OpenConnectionAsync();
        await using var block = await otherSilo.BeginTransactionAsync();
        var pairKey = PostgresLockKeys.ForPair(UserPair.Of(sender.Id, recipient.Id));
        await RunAsync(otherSilo, block, "SELECT pg_advisory_xact_lock($1)", pairKey);
        await RunAsync(otherSilo, block, "INSERT INTO blocks VALUES ($1, $2, now())", recipient.Id, sender.Id);

        Task<DirectSendOutcome[]> batch;
        await using (var stall = await StallAsync(store))
        {
            batch = Task.WhenAll(
                store.AppendDirectMessageAsync(Message(open.Id, other), recipient.Id, false),
                store.AppendDirectMessageAsync(Message(blocked.Id, sender), recipient.Id, false),
                store.AppendDirectMessageAsync(Message(blocked.Id, recipient), sender.Id, false));
            await stall.ReleaseAsync();
        }

        var waiting = WaitForAdvisoryLockWaitersAsync(1);
        if (await Task.WhenAny(batch, waiting) == batch)
        {
            Assert.Fail($"The batch did not wait for the block in flight; it answered {string.Join(", ", await batch)}.");
        }

        await waiting;
        await block.CommitAsync();

        Assert.Equal(
            [DirectSendOutcome.Stored, DirectSendOutcome.RecipientBlocksSender, DirectSendOutcome.SenderBlocksRecipient], await batch);
        Assert.Empty(await store.GetMessagesAsync(blocked.Id, sender.Id, null, 10));
        Assert.Single(await store.GetMessagesAsync(open.Id, other.Id, null, 10));
        Assert.Equal(3, store.SendBatches.LargestBatch);
    }

    [Fact]
    public async Task ABadMessageInABatchFailsAloneAndTheOthersAreStored()
    {
        await using var store = OneLoopStore();
        var (a, b, c) = (await NewUserAsync(), await NewUserAsync(), await NewUserAsync());
        var (ab, _) = await store.GetOrCreateDirectConversationAsync(a.Id, b.Id, Now());
        var (bc, _) = await store.GetOrCreateDirectConversationAsync(b.Id, c.Id, Now());
        var good = new[] { Message(ab.Id, a), Message(bc.Id, c), Message(ab.Id, b) };
        var bad = Message(Guid.NewGuid(), a); // No such conversation: the foreign key refuses it.

        Task<DirectSendOutcome>[] goodSends;
        Task<DirectSendOutcome> badSend;
        await using (var stall = await StallAsync(store))
        {
            var first = store.AppendDirectMessageAsync(good[0], b.Id, false);
            badSend = store.AppendDirectMessageAsync(bad, b.Id, false);
            goodSends = [first, store.AppendDirectMessageAsync(good[1], b.Id, false), store.AppendDirectMessageAsync(good[2], a.Id, false)];
            await stall.ReleaseAsync();
        }

        Assert.All(await Task.WhenAll(goodSends), o => Assert.Equal(DirectSendOutcome.Stored, o));
        var error = await Assert.ThrowsAsync<PostgresException>(() => badSend);
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
        var stored = await StoredRowsAsync([.. good.Select(m => m.Id), bad.Id]);
        Assert.Equal(good.Select(m => m.Id).ToHashSet(), stored.Select(r => r.Id).ToHashSet());
        // The four went to the database as one batch first, which the server refused; then each alone.
        Assert.Equal((1, 4, 1L), (store.SendBatches.Batches, store.SendBatches.LargestBatch, store.SendBatches.BatchesRetriedAlone));
    }

    [Fact]
    public async Task ASendCancelledWhileQueuedIsNotStored()
    {
        await using var store = OneLoopStore();
        var (a, b) = (await NewUserAsync(), await NewUserAsync());
        var (conversation, _) = await store.GetOrCreateDirectConversationAsync(a.Id, b.Id, Now());
        var (cancelled, kept) = (Message(conversation.Id, a), Message(conversation.Id, b));
        using var cancellation = new CancellationTokenSource();

        Task<DirectSendOutcome> cancelledSend, keptSend;
        await using (var stall = await StallAsync(store))
        {
            cancelledSend = store.AppendDirectMessageAsync(cancelled, b.Id, false, cancellation.Token);
            keptSend = store.AppendDirectMessageAsync(kept, a.Id, false);
            await cancellation.CancelAsync();
            await stall.ReleaseAsync();
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelledSend);
        Assert.Equal(DirectSendOutcome.Stored, await keptSend);
        Assert.Equal([kept.Id], (await StoredRowsAsync([cancelled.Id, kept.Id])).Select(r => r.Id));
    }

    [Fact]
    public async Task DisposingTheStoreRunsEveryQueuedSendAndThenRefusesNewOnes()
    {
        var store = OneLoopStore();
        var (a, b) = (await NewUserAsync(), await NewUserAsync());
        var (conversation, _) = await store.GetOrCreateDirectConversationAsync(a.Id, b.Id, Now());
        var messages = Enumerable.Range(0, 5).Select(_ => Message(conversation.Id, a)).ToList();

        Task<DirectSendOutcome[]> queued;
        Task disposed;
        await using (var stall = await StallAsync(store))
        {
            queued = Task.WhenAll(messages.Select(m => store.AppendDirectMessageAsync(m, b.Id, false)));
            disposed = store.DisposeAsync().AsTask();
            await Assert.ThrowsAsync<ObjectDisposedException>(
                () => store.AppendDirectMessageAsync(Message(conversation.Id, a), b.Id, false));
            await stall.ReleaseAsync();
        }

        // Disposal ends only once every queued send has committed.
        await disposed;
        Assert.Equal(5, (await StoredRowsAsync(messages.Select(m => m.Id))).Count);
        Assert.All(await queued, o => Assert.Equal(DirectSendOutcome.Stored, o));
    }

    [Fact]
    public async Task ABatchTakesPairLocksBeforeBlockListLocksSoABlockWithALimitAndAnImportCannotDeadlockWithIt()
    {
        await using var store = OneLoopStore();
        var (a, b, c, d) = (await NewUserAsync(), await NewUserAsync(), await NewUserAsync(), await NewUserAsync());
        var (ab, _) = await store.GetOrCreateDirectConversationAsync(a.Id, b.Id, Now());
        var (cd, _) = await store.GetOrCreateDirectConversationAsync(c.Id, d.Id, Now());
        var limitKey = PostgresLockKeys.ForLimit(c.Id.ToString());

        // A block of c's with a limit, as AddBlockWithinLimitAsync takes its locks: the pair's, then c's limit lock.
        await using var blockConnection = await DataSource.OpenConnectionAsync();
        await using var block = await blockConnection.BeginTransactionAsync();
        var pairKey = PostgresLockKeys.ForPair(UserPair.Of(c.Id, d.Id));
        await RunAsync(blockConnection, block, "SELECT pg_advisory_xact_lock($1)", pairKey);
        // An import of a's with a limit, as ImportBlocksAsync takes its locks: the limit lock (here c's), then a's block list lock.
        await using var importConnection = await DataSource.OpenConnectionAsync();
        await using var import = await importConnection.BeginTransactionAsync();
        await RunAsync(importConnection, import, "SELECT pg_advisory_xact_lock($1, $2)", PostgresLockKeys.LimitLockClass, limitKey);

        Task<DirectSendOutcome[]> batch;
        await using (var stall = await StallAsync(store))
        {
            batch = Task.WhenAll(
                store.AppendDirectMessageAsync(Message(ab.Id, a), b.Id, false),
                store.AppendDirectMessageAsync(Message(cd.Id, c), d.Id, false));
            await stall.ReleaseAsync();
        }

        await WaitForAdvisoryLockWaitersAsync(1); // The batch, for the pair lock the block holds.
        var blockWaits = RunAsync(
            blockConnection, block, "SELECT pg_advisory_xact_lock($1, $2)", PostgresLockKeys.LimitLockClass, limitKey);
        await WaitForAdvisoryLockWaitersAsync(2);

        // Had the batch taken a's block list lock before the pairs', this would close a cycle (import -> batch -> block -> import).
        var userKey = PostgresLockKeys.ForUser(a.Id);
        await RunAsync(importConnection, import, "SELECT pg_advisory_xact_lock($1, $2)", PostgresLockKeys.UserLockClass, userKey);
        await import.CommitAsync();
        await blockWaits;
        await block.CommitAsync();

        Assert.Equal([DirectSendOutcome.Stored, DirectSendOutcome.Stored], await batch);
        Assert.Equal((1L, 0L), (store.SendBatches.Batches, store.SendBatches.BatchesRetriedAlone));
    }

    [Fact]
    public async Task BatchesRunAlongsideBlocksImportsAndUnblockAllWithoutDeadlockOrServerError()
    {
        // Two loops, so batches also run alongside each other.
        await using var store = OneLoopStore(consumers: 2);
        await using var otherSilo = NpgsqlDataSource.Create(DataSource.ConnectionString);
        await using var otherStore = NewStore(otherSilo, "silo-other");
        var users = new List<UserRecord>();
        for (var i = 0; i < 8; i++)
        {
            users.Add(await NewUserAsync());
        }

        var conversations = new Dictionary<(Guid, Guid), Guid>();
        foreach (var a in users)
        {
            foreach (var b in users.Where(b => b.Id != a.Id))
            {
                conversations[(a.Id, b.Id)] = (await store.GetOrCreateDirectConversationAsync(a.Id, b.Id, Now())).Conversation.Id;
            }
        }

        var limit = new RateWindow(100_000, TimeSpan.FromHours(1));
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var senders = users.Select((sender, n) => Task.Run(async () =>
        {
            await go.Task;
            for (var i = 0; i < 40; i++)
            {
                var recipient = users[(n + 1 + (i % 7)) % users.Count];
                await store.AppendDirectMessageAsync(
                    Message(conversations[(sender.Id, recipient.Id)], sender), recipient.Id, senderOnlyWhenRecipientBlocks: i % 2 == 0);
            }
        }));
        var blockers = users.Take(3).Select((blocker, n) => Task.Run(async () =>
        {
            await go.Task;
            for (var i = 0; i < 15; i++)
            {
                var blocked = users[(n + 1 + (i % 7)) % users.Count];
                await otherStore.AddBlockWithinLimitAsync(blocker.Id, blocked.Id, Now(), limit);
                await otherStore.RemoveBlockAsync(blocker.Id, blocked.Id, Now());
            }
        }));
        var importer = Task.Run(async () =>
        {
            await go.Task;
            for (var i = 0; i < 10; i++)
            {
                var rows = users.Skip(4 + (i % 3)).Take(2).Select(u => new BlockImportRow(u.Id, null)).ToList();
                await otherStore.ImportBlocksAsync(users[3].Id, rows, overwrite: true, dryRun: false, Now(), limit);
                await otherStore.RemoveAllBlocksAsync(users[3].Id, Now());
            }
        });
        go.SetResult();

        // A deadlock would fail a block change here (40P01), or a batch, which would then count as retried alone.
        await Task.WhenAll([.. senders, .. blockers, importer]);
        Assert.Equal(0, store.SendBatches.BatchesRetriedAlone);
        Assert.True(store.SendBatches.Batches > 0, "No two sends shared a batch.");
    }

    [Fact]
    public async Task TheDatabaseSpanOfALoneSendNestsUnderItsStoreSpan()
    {
        await using var store = OneLoopStore();
        var (a, b) = (await NewUserAsync(), await NewUserAsync());
        var (conversation, _) = await store.GetOrCreateDirectConversationAsync(a.Id, b.Id, Now());
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ChatBlockTracing.SourceName or "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (stopped)
                {
                    stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        // The send's own span is the parent; the loop that runs it started earlier, without it.
        await store.AppendDirectMessageAsync(Message(conversation.Id, a), b.Id, false);
        ActivityTraceId traceId;
        using (var root = new Activity("test-root").Start())
        {
            traceId = root.TraceId;
            Assert.Equal(DirectSendOutcome.Stored, await store.AppendDirectMessageAsync(Message(conversation.Id, b), a.Id, false));
        }

        lock (stopped)
        {
            var append = Assert.Single(stopped, s => s.TraceId == traceId && s.DisplayName == "postgresql AppendDirectMessageAsync");
            Assert.Contains(stopped, s => s.Source.Name == "Npgsql" && s.ParentSpanId == append.SpanId);
        }
    }

    private static DirectSendOutcome Expected(HashSet<(Guid, Guid)> active, Guid sender, Guid recipient, bool shadow) =>
        active.Contains((sender, recipient)) ? DirectSendOutcome.SenderBlocksRecipient
        : !active.Contains((recipient, sender)) ? DirectSendOutcome.Stored
        : shadow ? DirectSendOutcome.StoredSenderOnly
        : DirectSendOutcome.RecipientBlocksSender;

    // A store on the test's database with one loop (unless told), so that one stalled send holds up every batch behind it.
    private PostgresChatStore OneLoopStore(int consumers = 1) => new(
        DataSource, new PostgresClusterChannel(DataSource, "silo-batch"),
        sendBatching: new PostgresSendBatchOptions { Consumers = consumers });

    // Holds the store's one loop: a send of a fresh pair waits for that pair's lock, taken exclusively by a transaction of the test.
    private async Task<Stall> StallAsync(PostgresChatStore store)
    {
        var (a, b) = (await NewUserAsync(), await NewUserAsync());
        var (conversation, _) = await store.GetOrCreateDirectConversationAsync(a.Id, b.Id, Now());
        var connection = await DataSource.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await RunAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1)", PostgresLockKeys.ForPair(UserPair.Of(a.Id, b.Id)));
        var send = store.AppendDirectMessageAsync(Message(conversation.Id, a), b.Id, false);
        await WaitForAdvisoryLockWaitersAsync(1);
        Assert.False(send.IsCompleted);
        return new Stall(connection, transaction, send);
    }

    private async Task WaitForAdvisoryLockWaitersAsync(long count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await using var command = DataSource.CreateCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
        while ((long)(await command.ExecuteScalarAsync(timeout.Token))! < count)
        {
            await Task.Yield();
        }
    }

    private async Task<List<StoredRow>> StoredRowsAsync(IEnumerable<Guid> ids)
    {
        await using var command = DataSource.CreateCommand(
            "SELECT id, conversation_id, sender_only, seq, xmin::text FROM messages WHERE id = ANY ($1)");
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. ids] });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<StoredRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new StoredRow(reader.GetGuid(0), reader.GetGuid(1), reader.GetBoolean(2), reader.GetInt64(3), reader.GetString(4)));
        }

        return rows;
    }

    private static async Task RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task<UserRecord> NewUserAsync()
    {
        var user = new UserRecord(Guid.NewGuid(), $"u{Guid.NewGuid():N}"[..24], "Someone", null, Now(), null);
        Assert.True(await Store.TryCreateUserAsync(user, "hash"));
        return user;
    }

    private static MessageRecord Message(Guid conversationId, UserRecord sender, DateTimeOffset? at = null) =>
        new(Guid.CreateVersion7(), conversationId, sender.Id, "hello", "text", at ?? Now());

    private static DateTimeOffset Now() => StoreClock.Now(TimeProvider.System);

    private sealed record StoredRow(Guid Id, Guid ConversationId, bool SenderOnly, long Seq, string Transaction);

    // The test's transaction holding the stall pair's lock, and the send waiting for it (stored once released).
    private sealed class Stall(NpgsqlConnection connection, NpgsqlTransaction transaction, Task<DirectSendOutcome> send) : IAsyncDisposable
    {
        public async Task ReleaseAsync()
        {
            await transaction.RollbackAsync();
            Assert.Equal(DirectSendOutcome.Stored, await send);
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
