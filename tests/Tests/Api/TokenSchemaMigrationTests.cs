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

    // Schema version 1 exactly as it shipped (SqliteSchema and PostgresSchema, step 1); released steps are never edited.
    private const string SqliteVersion1 = """
        CREATE TABLE IF NOT EXISTS users (
            id            TEXT    NOT NULL PRIMARY KEY,
            username      TEXT    NOT NULL UNIQUE,
            display_name  TEXT    NOT NULL,
            avatar_url    TEXT    NULL,
            password_hash TEXT    NOT NULL,
            created_at    INTEGER NOT NULL,
            last_seen_at  INTEGER NULL
        );

        CREATE TABLE IF NOT EXISTS blocks (
            blocker_id TEXT    NOT NULL REFERENCES users (id),
            blocked_id TEXT    NOT NULL REFERENCES users (id),
            created_at INTEGER NOT NULL,
            PRIMARY KEY (blocker_id, blocked_id)
        );
        CREATE INDEX IF NOT EXISTS ix_blocks_blocked_blocker ON blocks (blocked_id, blocker_id);

        CREATE TABLE IF NOT EXISTS block_audit (
            id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            actor_id   TEXT    NOT NULL REFERENCES users (id),
            action     TEXT    NOT NULL CHECK (action IN ('block', 'unblock')),
            target_id  TEXT    NOT NULL REFERENCES users (id),
            created_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_block_audit_actor ON block_audit (actor_id, id);

        CREATE TABLE IF NOT EXISTS conversations (
            id         TEXT    NOT NULL PRIMARY KEY,
            kind       TEXT    NOT NULL CHECK (kind IN ('direct', 'group')),
            title      TEXT    NULL,
            direct_key TEXT    NULL UNIQUE,
            created_at INTEGER NOT NULL
        );

        CREATE TABLE IF NOT EXISTS conversation_participants (
            conversation_id TEXT    NOT NULL REFERENCES conversations (id),
            user_id         TEXT    NOT NULL REFERENCES users (id),
            position        INTEGER NOT NULL,
            PRIMARY KEY (conversation_id, user_id)
        );
        CREATE INDEX IF NOT EXISTS ix_conversation_participants_user ON conversation_participants (user_id);

        CREATE TABLE IF NOT EXISTS messages (
            seq             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            id              TEXT    NOT NULL UNIQUE,
            conversation_id TEXT    NOT NULL REFERENCES conversations (id),
            sender_id       TEXT    NOT NULL REFERENCES users (id),
            content         TEXT    NOT NULL,
            message_type    TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            sender_only     INTEGER NOT NULL DEFAULT 0 CHECK (sender_only IN (0, 1))
        );
        CREATE INDEX IF NOT EXISTS ix_messages_conversation_seq ON messages (conversation_id, seq);
        PRAGMA user_version = 1;
        """;

    private const string PostgresVersion1 = """
        CREATE TABLE users (
            id            uuid PRIMARY KEY,
            username      text COLLATE "C" NOT NULL UNIQUE,
            display_name  text NOT NULL,
            avatar_url    text NULL,
            password_hash text NOT NULL,
            created_at    timestamptz NOT NULL,
            last_seen_at  timestamptz NULL
        );

        CREATE TABLE blocks (
            blocker_id uuid NOT NULL REFERENCES users (id),
            blocked_id uuid NOT NULL REFERENCES users (id),
            created_at timestamptz NOT NULL,
            PRIMARY KEY (blocker_id, blocked_id),
            CHECK (blocker_id <> blocked_id)
        );
        CREATE INDEX blocks_blocked_id_blocker_id ON blocks (blocked_id, blocker_id);

        CREATE TABLE block_audit (
            id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            actor_id   uuid NOT NULL REFERENCES users (id),
            action     text NOT NULL CHECK (action IN ('block', 'unblock')),
            target_id  uuid NOT NULL REFERENCES users (id),
            created_at timestamptz NOT NULL
        );
        CREATE INDEX block_audit_actor_id_id ON block_audit (actor_id, id);

        CREATE TABLE conversations (
            id         uuid PRIMARY KEY,
            seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            kind       text NOT NULL CHECK (kind IN ('direct', 'group')),
            title      text NULL,
            direct_key text COLLATE "C" NULL UNIQUE,
            created_at timestamptz NOT NULL,
            CHECK ((kind = 'direct') = (direct_key IS NOT NULL))
        );

        CREATE TABLE conversation_participants (
            conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            user_id         uuid NOT NULL REFERENCES users (id),
            position        integer NOT NULL,
            PRIMARY KEY (conversation_id, user_id)
        );
        CREATE INDEX conversation_participants_user_id ON conversation_participants (user_id);

        CREATE TABLE messages (
            seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id              uuid NOT NULL UNIQUE,
            conversation_id uuid NOT NULL REFERENCES conversations (id),
            sender_id       uuid NOT NULL REFERENCES users (id),
            content         text NOT NULL,
            message_type    text NOT NULL,
            created_at      timestamptz NOT NULL,
            sender_only     boolean NOT NULL DEFAULT false
        );
        CREATE INDEX messages_conversation_id_seq ON messages (conversation_id, seq);
        CREATE TABLE schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO schema_version (version) VALUES (1);
        """;

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
                create.CommandText = SqliteVersion1 + """
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
            await using var create = new NpgsqlCommand(PostgresVersion1, connection);
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
