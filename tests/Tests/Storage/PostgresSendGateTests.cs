using ChatBlock.Storage;
using ChatBlock.Storage.Postgres;
using ChatBlock.Tests.Infrastructure;
using Npgsql;

namespace ChatBlock.Tests.Storage;

/// <summary>
/// The PostgreSQL send gate across silos: a direct message and a block change of the same pair are ordered by the pair's advisory
/// lock, so a message never slips past a block that another silo is committing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSendGateTests : PostgresStoreTests
{
    [Fact]
    public async Task ABatchRunsInOneTransactionSoThePairLockIsHeldByTheInsert()
    {
        await using var batch = DataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock_shared(42)"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND mode = 'ShareLock'"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT txid_current()"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT txid_current()"));

        await using var reader = await batch.ExecuteReaderAsync();
        var values = new List<long>();
        while (await reader.NextResultAsync())
        {
            Assert.True(await reader.ReadAsync());
            values.Add(reader.GetInt64(0));
        }

        Assert.Equal(1, values[0]);
        Assert.Equal(values[1], values[2]);
    }

    [Fact]
    public async Task ADirectMessageWaitsForAnInFlightBlockOfItsPairAndIsThenRefused()
    {
        var (sender, recipient) = (await NewUserAsync(), await NewUserAsync());
        var (conversation, _) = await Store.GetOrCreateDirectConversationAsync(sender.Id, recipient.Id, Now());

        // Another silo's block transaction, paused after it took the pair lock and wrote the row, before it commits.
        await using var otherSilo = await DataSource.OpenConnectionAsync();
        await using var transaction = await otherSilo.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", otherSilo, transaction))
        {
            var pairKey = PostgresLockKeys.ForPair(UserPair.Of(sender.Id, recipient.Id));
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = pairKey });
            await command.ExecuteNonQueryAsync();
        }

        await using (var command = new NpgsqlCommand("INSERT INTO blocks VALUES ($1, $2, now())", otherSilo, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = recipient.Id });
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = sender.Id });
            await command.ExecuteNonQueryAsync();
        }

        var send = Store.AppendDirectMessageAsync(Message(conversation.Id, sender), recipient.Id, false);
        var waiting = WaitUntilSomeoneWaitsForAnAdvisoryLockAsync();
        if (await Task.WhenAny(send, waiting) == send)
        {
            Assert.Fail($"The send did not wait for the block in flight; it answered {await send}.");
        }

        await waiting;

        await transaction.CommitAsync();

        Assert.Equal(DirectSendOutcome.RecipientBlocksSender, await send);
        Assert.Empty(await Store.GetMessagesAsync(conversation.Id, sender.Id, null, 10));
    }

    [Fact]
    public async Task SendsRacingABlockFromAnotherSiloAreNeverStoredOnceTheBlockIsAcknowledged()
    {
        var (sender, recipient) = (await NewUserAsync(), await NewUserAsync());
        var (conversation, _) = await Store.GetOrCreateDirectConversationAsync(sender.Id, recipient.Id, Now());
        await using var otherSilo = NpgsqlDataSource.Create(DataSource.ConnectionString);
        var otherStore = NewStore(otherSilo, "silo-other");

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blockAcknowledged = false;
        var sends = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var outcomes = new List<(DirectSendOutcome Outcome, bool StartedAfterBlock)>();
            await go.Task;
            for (var i = 0; i < 40; i++)
            {
                var startedAfterBlock = Volatile.Read(ref blockAcknowledged);
                var outcome = await Store.AppendDirectMessageAsync(Message(conversation.Id, sender), recipient.Id, false);
                outcomes.Add((outcome, startedAfterBlock));
            }

            return outcomes;
        })).ToList();
        go.SetResult();
        await otherStore.AddBlockAsync(recipient.Id, sender.Id, Now());
        Volatile.Write(ref blockAcknowledged, true);
        var outcomes = (await Task.WhenAll(sends)).SelectMany(o => o).ToList();

        Assert.DoesNotContain(outcomes, o => o.StartedAfterBlock && o.Outcome != DirectSendOutcome.RecipientBlocksSender);
        Assert.Contains(outcomes, o => o.StartedAfterBlock);
        var stored = await Store.GetMessagesAsync(conversation.Id, sender.Id, null, 1000);
        Assert.Equal(outcomes.Count(o => o.Outcome == DirectSendOutcome.Stored), stored.Count);
    }

    private async Task WaitUntilSomeoneWaitsForAnAdvisoryLockAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await using var command = DataSource.CreateCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
        while ((long)(await command.ExecuteScalarAsync(timeout.Token))! == 0)
        {
            await Task.Yield();
        }
    }

    private async Task<UserRecord> NewUserAsync()
    {
        var user = new UserRecord(Guid.NewGuid(), $"u{Guid.NewGuid():N}"[..24], "Someone", null, Now(), null);
        Assert.True(await Store.TryCreateUserAsync(user, "hash"));
        return user;
    }

    private static MessageRecord Message(Guid conversationId, UserRecord sender) =>
        new(Guid.CreateVersion7(), conversationId, sender.Id, "hello", "text", Now());

    private static DateTimeOffset Now() => StoreClock.Now(TimeProvider.System);
}
