using System.Net;
using ChatBlock.Storage;
using ChatBlock.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ChatBlock.Tests.Api;

/// <summary>
/// The token-handling migration (issue 11) keeps existing data: a database made by the first schema, with a user in it, is
/// migrated when the gateway starts, and that user signs in, is served and changes their password.
/// </summary>
public sealed class TokenSchemaMigrationTests
{
    private const string Password = "an old password";

    [Fact]
    public async Task ASqliteDatabaseOfVersionOneKeepsItsUsers()
    {
        var dataPath = TempFolder.Create("migration");
        try
        {
            var (id, username) = (Guid.NewGuid(), $"m{Guid.NewGuid():N}"[..16]);
            await using (var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "chat.db")}"))
            {
                await connection.OpenAsync();
                await using var create = connection.CreateCommand();
                create.CommandText = SchemaVersionOne.Sqlite + """
                    INSERT INTO users (id, username, display_name, password_hash, created_at) VALUES ($id, $name, 'Old', $hash, 0);
                    """;
                create.Parameters.AddWithValue("$id", id.ToString("D"));
                create.Parameters.AddWithValue("$name", username);
                create.Parameters.AddWithValue("$hash", Hash());
                await create.ExecuteNonQueryAsync();
            }

            SqliteConnection.ClearAllPools();
            using var app = new ChatApp("Sqlite", dataPath: dataPath);
            await SignInAndChangePasswordAsync(app, id, username);
        }
        finally
        {
            TempFolder.TryDelete(dataPath);
        }
    }

    [Fact]
    public async Task APostgresDatabaseOfVersionOneKeepsItsUsers()
    {
        var connectionString = await SharedPostgres.CreateDatabaseAsync();
        var (id, username) = (Guid.NewGuid(), $"m{Guid.NewGuid():N}"[..16]);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand(SchemaVersionOne.Postgres, connection);
            await create.ExecuteNonQueryAsync();
            await using var insert = new NpgsqlCommand(
                "INSERT INTO users (id, username, display_name, password_hash, created_at) VALUES ($1, $2, 'Old', $3, now())",
                connection)
            {
                Parameters = { new() { Value = id }, new() { Value = username }, new() { Value = Hash() } },
            };
            await insert.ExecuteNonQueryAsync();
        }

        using var app = new ChatApp("Postgres", new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString });
        await SignInAndChangePasswordAsync(app, id, username);
    }

    private static async Task SignInAndChangePasswordAsync(ChatApp app, Guid id, string username)
    {
        var client = app.CreateClient();
        var body = await HttpAssert.OkAsync<AuthBody>(await client.LoginAsync(username, Password));
        client.DefaultRequestHeaders.Authorization = new("Bearer", body.AccessToken);
        var user = new TestUser(id, username, body.AccessToken, client);

        var me = await user.MeAsync();
        Assert.Equal((id, username, "Old"), (me.Id, me.Username, me.DisplayName));
        Assert.Equal(HttpStatusCode.NoContent, (await user.ChangePasswordAsync(Password, "a brand new passphrase")).StatusCode);
        await HttpAssert.ProblemAsync(await user.GetMeAsync(), HttpStatusCode.Unauthorized, "auth.unauthorized");
        await HttpAssert.OkAsync<AuthBody>(await client.LoginAsync(username, "a brand new passphrase"));
    }

    private static string Hash() =>
        new PasswordHasher<UserRecord>().HashPassword(new UserRecord(Guid.Empty, "", "", null, DateTimeOffset.UnixEpoch, null), Password);
}
