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
/// The limits' schema step (issue 11) upgrades a database made by the first schema and keeps its data: the existing block stays,
/// and its audit row counts toward the block limit at once.
/// </summary>
public sealed class LimitsMigrationTests
{
    [Fact]
    public async Task ASqliteFileOfTheFirstSchemaKeepsItsBlocksAndTheirAuditCounts()
    {
        var folder = TempFolder.Create("migrate");
        try
        {
            var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
            var now = StoreClock.Now(TimeProvider.System);
            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, SqliteChatStore.FileName)}"))
            {
                await connection.OpenAsync();
                await using var create = connection.CreateCommand();
                create.CommandText = SchemaVersionOne.Sqlite + $"""
                    INSERT INTO users VALUES ('{a}', 'a{a:N}', 'A', NULL, 'h', 0, NULL), ('{b}', 'b{b:N}', 'B', NULL, 'h', 0, NULL),
                        ('{c}', 'c{c:N}', 'C', NULL, 'h', 0, NULL);
                    INSERT INTO blocks VALUES ('{a}', '{b}', {StoreClock.ToUnixMicroseconds(now)});
                    INSERT INTO block_audit (actor_id, action, target_id, created_at)
                    VALUES ('{a}', 'block', '{b}', {StoreClock.ToUnixMicroseconds(now)});
                    """;
                await create.ExecuteNonQueryAsync();
            }

            var store = new SqliteChatStore(
                Options.Create(new StorageOptions { DataPath = folder }), new InMemoryClusterChannel(new InMemoryClusterNetwork(), "t"));
            await store.InitializeAsync();

            Assert.Equal(b, Assert.Single(await store.GetBlocksByBlockerAsync(a)).BlockedId);
            var attempt = await store.AddBlockWithinLimitAsync(a, c, now, new RateWindow(1, TimeSpan.FromHours(1)));
            Assert.Null(attempt.Result);
            Assert.Equal(TimeSpan.FromHours(1), attempt.RetryAfter);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TempFolder.TryDelete(folder);
        }
    }

    [Fact]
    public async Task APostgresDatabaseOfTheFirstSchemaKeepsItsBlocksAndTheirAuditCounts()
    {
        await using var dataSource = NpgsqlDataSource.Create(await SharedPostgres.CreateDatabaseAsync());
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var now = StoreClock.Now(TimeProvider.System);
        var first = SchemaVersionOne.First<(int Version, string Sql)>(
            typeof(PostgresChatStore), "ChatBlock.Storage.Postgres.PostgresSchema");
        await using (var create = dataSource.CreateCommand(first.Sql + $"""
            ;
            CREATE TABLE schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO schema_version (version) VALUES (1);
            INSERT INTO users VALUES ('{a}', 'a{a:N}', 'A', NULL, 'h', now(), NULL), ('{b}', 'b{b:N}', 'B', NULL, 'h', now(), NULL),
                ('{c}', 'c{c:N}', 'C', NULL, 'h', now(), NULL);
            INSERT INTO blocks VALUES ('{a}', '{b}', '{now:O}');
            INSERT INTO block_audit (actor_id, action, target_id, created_at) VALUES ('{a}', 'block', '{b}', '{now:O}');
            """))
        {
            await create.ExecuteNonQueryAsync();
        }

        var store = new PostgresChatStore(dataSource, new InMemoryClusterChannel(new InMemoryClusterNetwork(), "t"));
        await store.InitializeAsync();

        Assert.Equal(b, Assert.Single(await store.GetBlocksByBlockerAsync(a)).BlockedId);
        var attempt = await store.AddBlockWithinLimitAsync(a, c, now, new RateWindow(1, TimeSpan.FromHours(1)));
        Assert.Null(attempt.Result);
        Assert.Equal(TimeSpan.FromHours(1), attempt.RetryAfter);
    }

    // The first migration step as shipped, read from the store's (internal) schema class.
}
