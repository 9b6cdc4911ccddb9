using ChatBlock.Storage;
using ChatBlock.Storage.Postgres;
using ChatBlock.Tests.Infrastructure;
using Npgsql;

namespace ChatBlock.Tests.Storage;

/// <summary>
/// The PostgreSQL send gate against a block list import (SPEC section 10): the import holds one lock, its blocker's block list
/// lock, and every direct message takes both participants' block list locks shared, so a message is wholly before or after an
/// import of either user, without the import taking a lock per pair.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresImportGateTests : PostgresStoreTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ADirectMessageWaitsForAnInFlightImportOfEitherUserAndIsThenRefused(bool recipientImports)
    {
        var (sender, recipient) = (await NewUserAsync(), await NewUserAsync());
        var (conversation, _) = await Store.GetOrCreateDirectConversationAsync(sender.Id, recipient.Id, Now());
        var (importer, blocked) = recipientImports ? (recipient, sender) : (sender, recipient);

        // Another silo's import, paused after it took the block list lock and wrote the row, before it commits: no pair lock.
        await using var otherSilo = await DataSource.OpenConnectionAsync();
        await using var transaction = await otherSilo.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, $2)", otherSilo, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PostgresLockKeys.UserLockClass });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PostgresLockKeys.ForUser(importer.Id) });
            await command.ExecuteNonQueryAsync();
        }

        await using (var command = new NpgsqlCommand("INSERT INTO blocks VALUES ($1, $2, now())", otherSilo, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = importer.Id });
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = blocked.Id });
            await command.ExecuteNonQueryAsync();
        }

        var send = Store.AppendDirectMessageAsync(Message(conversation.Id, sender), recipient.Id, false);
        var waiting = WaitUntilSomeoneWaitsForAnAdvisoryLockAsync();
        if (await Task.WhenAny(send, waiting) == send)
        {
            Assert.Fail($"The send did not wait for the import in flight; it answered {await send}.");
        }

        await waiting;
        await transaction.CommitAsync();

        var expected = recipientImports ? DirectSendOutcome.RecipientBlocksSender : DirectSendOutcome.SenderBlocksRecipient;
        Assert.Equal(expected, await send);
        Assert.Empty(await Store.GetMessagesAsync(conversation.Id, sender.Id, null, 10));
    }

    [Fact]
    public async Task SendsRacingAnImportFromAnotherSiloAreNeverStoredOnceTheImportIsAcknowledged()
    {
        var (sender, recipient) = (await NewUserAsync(), await NewUserAsync());
        var others = new List<UserRecord>();
        for (var i = 0; i < 20; i++)
        {
            others.Add(await NewUserAsync());
        }

        var (conversation, _) = await Store.GetOrCreateDirectConversationAsync(sender.Id, recipient.Id, Now());
        await using var otherSilo = NpgsqlDataSource.Create(DataSource.ConnectionString);
        var otherStore = NewStore(otherSilo, "silo-other");

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var importAcknowledged = false;
        var sends = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var outcomes = new List<(DirectSendOutcome Outcome, bool StartedAfterImport)>();
            await go.Task;
            for (var i = 0; i < 40; i++)
            {
                var startedAfterImport = Volatile.Read(ref importAcknowledged);
                var outcome = await Store.AppendDirectMessageAsync(Message(conversation.Id, sender), recipient.Id, false);
                outcomes.Add((outcome, startedAfterImport));
            }

            return outcomes;
        })).ToList();
        go.SetResult();
        BlockImportRow[] rows = [.. others.Select(o => new BlockImportRow(o.Id, null)), new BlockImportRow(sender.Id, null)];
        var imported = await otherStore.ImportBlocksAsync(recipient.Id, rows, overwrite: false, dryRun: false, Now(), RateWindow.Off);
        Volatile.Write(ref importAcknowledged, true);
        var outcomes = (await Task.WhenAll(sends)).SelectMany(o => o).ToList();

        Assert.Equal(21, imported.Added.Count);
        Assert.DoesNotContain(outcomes, o => o.StartedAfterImport && o.Outcome != DirectSendOutcome.RecipientBlocksSender);
        Assert.Contains(outcomes, o => o.StartedAfterImport);
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
