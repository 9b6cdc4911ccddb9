using ChatBlock.Storage;
using ChatBlock.Storage.Clustering;
using ChatBlock.Storage.Postgres;
using ChatBlock.Storage.Sqlite;
using ChatBlock.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatBlock.Tests.Apps;

/// <summary>
/// The apps step of the schema (issue 9, step 6) upgrades a version-5 database and keeps its data: every existing user becomes a
/// user of the built-in app <c>default</c> (still signs in, still found, its block kept), usernames stay unique within
/// <c>default</c>, and another app may now hold the same name.
/// </summary>
public sealed class AppsMigrationTests
{
    [Fact]
    public async Task ASqliteFileOfVersionFiveKeepsItsUsersAndBlocksInTheDefaultApp()
    {
        var folder = TempFolder.Create("apps-migrate");
        try
        {
            var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, SqliteChatStore.FileName)}"))
            {
                await connection.OpenAsync();
                await using var create = connection.CreateCommand();
                create.CommandText = SchemaVersionOne.SqliteAt(5) + $"""
                    INSERT INTO users (id, username, display_name, password_hash, created_at, show_last_seen)
                    VALUES ('{a}', 'a{a:N}', 'A', 'hash-a', 0, 0), ('{b}', 'b{b:N}', 'B', 'hash-b', 0, 1);
                    INSERT INTO blocks VALUES ('{a}', '{b}', 0);
                    INSERT INTO block_audit (actor_id, action, target_id, created_at) VALUES ('{a}', 'block', '{b}', 0);
                    """;
                await create.ExecuteNonQueryAsync();
            }

            SqliteConnection.ClearAllPools();
            var store = new SqliteChatStore(
                Options.Create(new StorageOptions { DataPath = folder }), new InMemoryClusterChannel(new InMemoryClusterNetwork(), "t"));
            await store.InitializeAsync();
            await AssertKeptInDefaultAppAsync(store, a, b);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TempFolder.TryDelete(folder);
        }
    }

    [Fact]
    public async Task APostgresDatabaseOfVersionFiveKeepsItsUsersAndBlocksInTheDefaultApp()
    {
        await using var dataSource = NpgsqlDataSource.Create(await SharedPostgres.CreateDatabaseAsync());
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var create = dataSource.CreateCommand(SchemaVersionOne.PostgresAt(5) + $"""
            INSERT INTO users (id, username, display_name, password_hash, created_at, show_last_seen)
            VALUES ('{a}', 'a{a:N}', 'A', 'hash-a', now(), false), ('{b}', 'b{b:N}', 'B', 'hash-b', now(), true);
            INSERT INTO blocks VALUES ('{a}', '{b}', now());
            INSERT INTO block_audit (actor_id, action, target_id, created_at) VALUES ('{a}', 'block', '{b}', now());
            """))
        {
            await create.ExecuteNonQueryAsync();
        }

        var store = new PostgresChatStore(dataSource, new InMemoryClusterChannel(new InMemoryClusterNetwork(), "t"));
        await store.InitializeAsync();
        await AssertKeptInDefaultAppAsync(store, a, b);
    }

    private static async Task AssertKeptInDefaultAppAsync(IChatStore store, Guid a, Guid b)
    {
        var user = await store.GetUserAsync(a);
        Assert.NotNull(user);
        Assert.Equal(UserRecord.DefaultAppId, user.AppId);
        Assert.Equal($"a{a:N}", user.ExternalId);
        Assert.False(user.ShowLastSeen);

        var credentials = await store.GetCredentialsAsync($"b{b:N}");
        Assert.Equal(("hash-b", UserRecord.DefaultAppId), (credentials?.PasswordHash, credentials?.User.AppId));
        Assert.Equal(b, Assert.Single(await store.GetBlocksByBlockerAsync(a)).BlockedId);
        Assert.Equal(a, Assert.Single(await store.SearchUsersAsync(UserRecord.DefaultAppId, $"a{a:N}", 20)).Id);

        var now = StoreClock.Now(TimeProvider.System);
        Assert.False(await store.TryCreateUserAsync(new UserRecord(Guid.NewGuid(), $"a{a:N}", "Again", null, now, null), "h"));
        var elsewhere = new UserRecord(Guid.NewGuid(), $"a{a:N}", "Other app", null, now, null) { AppId = "OtherApp" };
        Assert.True(await store.TryCreateUserAsync(elsewhere, ""));
        Assert.Equal("OtherApp", (await store.GetUserAsync(elsewhere.Id))?.AppId);
        Assert.Equal(elsewhere.Id, Assert.Single(await store.SearchUsersAsync("OtherApp", $"a{a:N}", 20)).Id);
        Assert.Equal(a, Assert.Single(await store.SearchUsersAsync(UserRecord.DefaultAppId, $"a{a:N}", 20)).Id);
        Assert.Null(await store.GetCredentialsAsync($"elsewhere{a:N}"));
    }
}
