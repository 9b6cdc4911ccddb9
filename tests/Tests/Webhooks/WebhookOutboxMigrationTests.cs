using ChatBlock.Storage;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Postgres;
using ChatBlock.Storage.Sqlite;
using ChatBlock.Storage.Webhooks;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatBlock.Tests.Webhooks;

/// <summary>
/// The outbox step of the schema (issue 9, planned step 8) upgrades a database of the step before it and keeps its data: users and
/// blocks stay, the outbox starts empty, and the next block change of an app with a webhook writes to it.
/// </summary>
public sealed class WebhookOutboxMigrationTests
{
    // The step before the outbox on this branch (apps, step 6); the lead renumbers at merge.
    private const int PreviousVersion = 6;
    private static readonly WebhookApps Shop = new([WebhookApp.AppId]);

    [Fact]
    public async Task ASqliteFileOfThePreviousVersionKeepsItsDataAndGainsAnEmptyOutbox()
    {
        var folder = TempFolder.Create("outbox-migrate");
        try
        {
            var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, SqliteChatStore.FileName)}"))
            {
                await connection.OpenAsync();
                await using var create = connection.CreateCommand();
                create.CommandText = SchemaVersionOne.SqliteAt(PreviousVersion) + $"""
                    INSERT INTO users (id, app_id, username, display_name, password_hash, created_at)
                    VALUES ('{a}', 'shop', 'a{a:N}', 'A', '', 0), ('{b}', 'shop', 'b{b:N}', 'B', '', 0);
                    INSERT INTO blocks VALUES ('{a}', '{b}', 0);
                    """;
                await create.ExecuteNonQueryAsync();
            }

            SqliteConnection.ClearAllPools();
            var store = new SqliteChatStore(
                Options.Create(new StorageOptions { DataPath = folder }),
                new InMemoryClusterChannel(new InMemoryClusterNetwork(), "t"),
                Shop);
            await store.InitializeAsync();
            await AssertKeptAsync(store, a, b);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TempFolder.TryDelete(folder);
        }
    }

    [Fact]
    public async Task APostgresDatabaseOfThePreviousVersionKeepsItsDataAndGainsAnEmptyOutbox()
    {
        await using var dataSource = NpgsqlDataSource.Create(await SharedPostgres.CreateDatabaseAsync());
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var create = dataSource.CreateCommand(SchemaVersionOne.PostgresAt(PreviousVersion) + $"""
            ;
            INSERT INTO users (id, app_id, username, display_name, password_hash, created_at)
            VALUES ('{a}', 'shop', 'a{a:N}', 'A', '', now()), ('{b}', 'shop', 'b{b:N}', 'B', '', now());
            INSERT INTO blocks VALUES ('{a}', '{b}', now());
            """))
        {
            await create.ExecuteNonQueryAsync();
        }

        var store = new PostgresChatStore(dataSource, new InMemoryClusterChannel(new InMemoryClusterNetwork(), "t"), null, Shop);
        await store.InitializeAsync();
        await AssertKeptAsync(store, a, b);
    }

    private static async Task AssertKeptAsync(IChatStore store, Guid a, Guid b)
    {
        Assert.Equal(WebhookApp.AppId, (await store.GetUserAsync(a))?.AppId);
        Assert.Equal([b], (await store.GetBlocksByBlockerAsync(a)).Select(r => r.BlockedId));
        var outbox = (IWebhookOutbox)store;
        Assert.Equal(new(0, 0, null), await outbox.GetBacklogAsync());

        Assert.True(await store.RemoveBlockAsync(a, b, DateTimeOffset.UtcNow));
        Assert.Equal(1, (await outbox.GetBacklogAsync()).Pending);
    }
}
