using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ChatBlock.Storage.Sqlite;

/// <summary>
/// The SQLite schema of <see cref="SqliteChatStore"/>, versioned through <c>PRAGMA user_version</c>: migration <c>n</c> (0-based)
/// takes the database from version <c>n</c> to <c>n + 1</c>.
/// </summary>
/// <remarks>
/// Ids are lower-case <c>"D"</c> GUID text; timestamps are INTEGER microseconds since the Unix epoch (<see cref="StoreClock"/>);
/// booleans are 0/1. To change the schema, append a migration; never edit one that has shipped.
/// </remarks>
internal static class SqliteSchema
{
    /// <summary>The schema migrations, oldest first.</summary>
    private static readonly string[] Migrations =
    [
        // 1: initial schema.
        """
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
        """,

        // 2 (issue 11, limits): idempotent answers, sign-in attempts, and an index to count a user's recent blocks.
        """
        CREATE TABLE IF NOT EXISTS idempotency_keys (
            user_id      TEXT    NOT NULL,
            key          TEXT    NOT NULL,
            status       INTEGER NOT NULL DEFAULT 0,
            content_type TEXT    NULL,
            location     TEXT    NULL,
            body         TEXT    NULL,
            created_at   INTEGER NOT NULL,
            PRIMARY KEY (user_id, key)
        );
        CREATE INDEX IF NOT EXISTS ix_idempotency_keys_created ON idempotency_keys (created_at);

        CREATE TABLE IF NOT EXISTS login_attempts (
            subject      TEXT    NOT NULL,
            attempted_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_login_attempts_subject_at ON login_attempts (subject, attempted_at);
        CREATE INDEX IF NOT EXISTS ix_login_attempts_at ON login_attempts (attempted_at);

        CREATE INDEX IF NOT EXISTS ix_block_audit_actor_action_created ON block_audit (actor_id, action, created_at);
        """,

        // 3 (issue 11, token handling): the security stamp tokens must carry, account deletion, tokens revoked by logout.
        """
        ALTER TABLE users ADD COLUMN security_stamp INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE users ADD COLUMN deleted_at INTEGER NULL;

        CREATE TABLE IF NOT EXISTS revoked_tokens (
            token_id   TEXT    NOT NULL PRIMARY KEY,
            user_id    TEXT    NOT NULL REFERENCES users (id),
            expires_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_revoked_tokens_user ON revoked_tokens (user_id, expires_at);
        CREATE INDEX IF NOT EXISTS ix_revoked_tokens_expires ON revoked_tokens (expires_at);
        """,

        // 4 (issue 11, live event stream tickets): the ids of used tickets, kept until shortly after they expire (single use).
        """
        CREATE TABLE IF NOT EXISTS used_event_tickets (
            id         TEXT    NOT NULL PRIMARY KEY,
            expires_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_used_event_tickets_expires ON used_event_tickets (expires_at);
        """,

        // 2: who opened each direct conversation (a conversation a block created is listed to neither user until they open it or
        // see a message in it) and the last-seen privacy setting (issue 11, items 9 and 12). Existing direct conversations count
        // as opened by their first participant, the one who created them.
        """
        ALTER TABLE conversation_participants ADD COLUMN opened_at INTEGER NULL;
        UPDATE conversation_participants
        SET opened_at = (SELECT c.created_at FROM conversations c WHERE c.id = conversation_id)
        WHERE position = 0 AND conversation_id IN (SELECT id FROM conversations WHERE kind = 'direct');
        ALTER TABLE users ADD COLUMN show_last_seen INTEGER NOT NULL DEFAULT 1 CHECK (show_last_seen IN (0, 1));
        """,

        // 6 (issue 9, apps): every user belongs to an app, existing ones to the built-in 'default'; the username is unique per app
        // (it holds an app user's external id, case-sensitive). SQLite cannot drop a UNIQUE column constraint, so the table is
        // rebuilt with foreign keys off (MigrateAsync), then checked with foreign_key_check before the commit.
        """
        CREATE TABLE users_v6 (
            id             TEXT    NOT NULL PRIMARY KEY,
            app_id         TEXT    NOT NULL DEFAULT 'default',
            username       TEXT    NOT NULL,
            display_name   TEXT    NOT NULL,
            avatar_url     TEXT    NULL,
            password_hash  TEXT    NOT NULL,
            created_at     INTEGER NOT NULL,
            last_seen_at   INTEGER NULL,
            security_stamp INTEGER NOT NULL DEFAULT 0,
            deleted_at     INTEGER NULL,
            show_last_seen INTEGER NOT NULL DEFAULT 1 CHECK (show_last_seen IN (0, 1)),
            UNIQUE (app_id, username)
        );
        INSERT INTO users_v6 (id, app_id, username, display_name, avatar_url, password_hash, created_at, last_seen_at,
            security_stamp, deleted_at, show_last_seen)
        SELECT id, 'default', username, display_name, avatar_url, password_hash, created_at, last_seen_at,
            security_stamp, deleted_at, show_last_seen
        FROM users;
        DROP TABLE users;
        ALTER TABLE users_v6 RENAME TO users;
        """,

        // 7 (issue 13, block list import; meant to follow the reserved steps 6-9, renumbered at merge): the import that made an
        // audit row, so that the block limit counts one import once however many rows it wrote. Null for every earlier row.
        """
        ALTER TABLE block_audit ADD COLUMN import_id TEXT NULL;
        """,
    ];

    /// <summary>The version this build creates and understands.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>
    /// Switches the file to WAL and applies every migration above its <c>user_version</c>, in one <c>BEGIN IMMEDIATE</c>
    /// transaction, so that concurrent callers wait for each other and the schema is never half made.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file's schema is newer than this build, or a step broke a foreign key.</exception>
    /// <exception cref="SqliteException">The database cannot be opened or written.</exception>
    public static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // journal_mode is stored in the file and cannot change inside a transaction; nor can foreign_keys, which must be off while a
        // step rebuilds a table that others reference (SQLite's documented way to change a table), and is on again afterwards.
        await connection.Command("PRAGMA journal_mode = WAL;").ScalarAsync(cancellationToken).ConfigureAwait(false);
        await connection.Command("PRAGMA foreign_keys = OFF;").RunAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await MigrateWithoutForeignKeysAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await connection.Command("PRAGMA foreign_keys = ON;").RunAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task MigrateWithoutForeignKeysAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        var version = (long)(await connection.Command("PRAGMA user_version;", transaction).ScalarAsync(cancellationToken)
            .ConfigureAwait(false))!;
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The SQLite database has schema version {version}; this build understands up to {CurrentVersion}.");
        }

        for (var next = version; next < CurrentVersion; next++)
        {
            var migrate = Migrations[next] + string.Create(CultureInfo.InvariantCulture, $"\nPRAGMA user_version = {next + 1};");
            await connection.Command(migrate, transaction).RunAsync(cancellationToken).ConfigureAwait(false);
        }

        // The checks foreign_keys = OFF skipped: any row that points nowhere stops the migration (nothing is committed).
        var dangling = await connection.Command("PRAGMA foreign_key_check;", transaction)
            .ReadAllAsync(r => r.GetString(0), cancellationToken).ConfigureAwait(false);
        if (dangling.Count > 0)
        {
            throw new InvalidOperationException(
                $"The SQLite schema migration left {dangling.Count} rows without their referenced row (first in '{dangling[0]}').");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
