using System.Reflection;
using ChatBlock.Storage;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Postgres;
using ChatBlock.Storage.Sqlite;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatBlock.Tests.Storage;

/// <summary>
/// The timed-blocks schema step (issue 13) upgrades a database made by every step before it and keeps its blocks: permanent,
/// without a note, still enforced, their audit rows the user's own; and they can be made timed afterwards.
/// </summary>
public sealed class TimedBlocksMigrationTests
{
    [Fact]
    public async Task ASqliteFileFromBeforeTimedBlocksKeepsItsBlocksAsPermanent()
    {
        var folder = TempFolder.Create("migrate-timed");
        try
        {
            var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
            var now = StoreClock.Now(TimeProvider.System);
            var before = StepsBeforeTimedBlocks<string>(typeof(SqliteChatStore), "ChatBlock.Storage.Sqlite.SqliteSchema", s => s);
            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, SqliteChatStore.FileName)}"))
            {
                await connection.OpenAsync();
                await using var create = connection.CreateCommand();
                var micros = StoreClock.ToUnixMicroseconds(now);
                create.CommandText = SchemaVersionOne.SqliteAt(before) + $"""
                    INSERT INTO users (id, username, display_name, password_hash, created_at)
                    VALUES ('{a}', 'a{a:N}', 'A', 'h', {micros}), ('{b}', 'b{b:N}', 'B', 'h', {micros});
                    INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ('{a}', '{b}', {micros});
                    INSERT INTO block_audit (actor_id, action, target_id, created_at) VALUES ('{a}', 'block', '{b}', {micros});
                    """;
                await create.ExecuteNonQueryAsync();
            }

            var store = new SqliteChatStore(
                Options.Create(new StorageOptions { DataPath = folder }), new InMemoryClusterChannel(new InMemoryClusterNetwork(), "t"));
            await store.InitializeAsync();

            await AssertKeptAsync(store, a, b, now);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TempFolder.TryDelete(folder);
        }
    }

    [Fact]
    public async Task APostgresDatabaseFromBeforeTimedBlocksKeepsItsBlocksAsPermanent()
    {
        await using var dataSource = NpgsqlDataSource.Create(await SharedPostgres.CreateDatabaseAsync());
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var now = StoreClock.Now(TimeProvider.System);
        var before = StepsBeforeTimedBlocks<(int Version, string Sql)>(
            typeof(PostgresChatStore), "ChatBlock.Storage.Postgres.PostgresSchema", s => s.Sql);
        var script = SchemaVersionOne.PostgresAt(before) + $"""
            INSERT INTO users (id, username, display_name, password_hash, created_at)
            VALUES ('{a}', 'a{a:N}', 'A', 'h', '{now:O}'), ('{b}', 'b{b:N}', 'B', 'h', '{now:O}');
            INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ('{a}', '{b}', '{now:O}');
            INSERT INTO block_audit (actor_id, action, target_id, created_at) VALUES ('{a}', 'block', '{b}', '{now:O}');
            """;
        await using (var create = dataSource.CreateCommand(script))
        {
            await create.ExecuteNonQueryAsync();
        }

        var store = new PostgresChatStore(dataSource, new InMemoryClusterChannel(new InMemoryClusterNetwork(), "t"));
        await store.InitializeAsync();

        await AssertKeptAsync(store, a, b, now);
    }

    private static async Task AssertKeptAsync(IChatStore store, Guid a, Guid b, DateTimeOffset now)
    {
        Assert.Equal(new BlockRecord(a, b, now), Assert.Single(await store.GetBlocksByBlockerAsync(a)));
        Assert.Equal([new AuditRecord(a, "block", b, now)], await store.GetAuditTrailAsync(a));
        var conversation = (await store.GetOrCreateDirectConversationAsync(a, b, now)).Conversation.Id;
        var farFuture = now.AddYears(50);
        Assert.Equal(
            DirectSendOutcome.RecipientBlocksSender,
            await store.AppendDirectMessageAsync(new MessageRecord(Guid.NewGuid(), conversation, b, "hi", "text", farFuture), a, false));
        Assert.Empty(await store.ExpireBlocksAsync(farFuture, 100));

        var timed = await store.UpdateBlockAsync(a, b, new BlockUpdate(true, now.AddHours(1), true, "now timed"), now);
        Assert.Equal((now.AddHours(1), "now timed"), (timed!.ExpiresAt, timed.Note));
    }

    // How many schema steps come before the one that adds blocks.expires_at (the database an earlier build made has those).
    private static int StepsBeforeTimedBlocks<T>(Type storeType, string schemaType, Func<T, string> sql)
    {
        var all = (T[])storeType.Assembly.GetType(schemaType, throwOnError: true)!
            .GetField("Migrations", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        var mine = Array.FindIndex(all, s => sql(s).Contains("ALTER TABLE blocks ADD COLUMN expires_at", StringComparison.Ordinal));
        Assert.True(mine > 0, "The timed-blocks step was not found.");
        return mine;
    }
}
