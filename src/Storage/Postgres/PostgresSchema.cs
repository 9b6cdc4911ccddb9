using Microsoft.Extensions.Logging;
using Npgsql;

namespace ChatBlock.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema as an ordered list of migrations, applied by <see cref="MigrateAsync"/> under an advisory lock so that
/// several silos starting at once neither race nor apply a step twice. Applied versions are rows of <c>schema_version</c>.
/// </summary>
/// <remarks>
/// Append new steps at the end; never edit a released one. Timestamps are <c>timestamptz</c> (microseconds, UTC). Usernames and
/// direct keys use the <c>"C"</c> collation so that ordering is ordinal whatever the database locale, and prefix search
/// (<c>LIKE 'abc%'</c>) can use the unique index. Every user id and conversation id is a foreign key, as in the SQLite store:
/// a row about an unknown user fails with <c>23503</c> (a bug in the caller, never an expected outcome).
/// </remarks>
internal static partial class PostgresSchema
{
    /// <summary>The two-key advisory lock space <c>(class, id)</c> for migrations; disjoint from the one-key pair locks.</summary>
    private const int MigrationLockClass = 0x43424C4B; // "CBLK"
    private const int MigrationLockId = 1;

    private static readonly (int Version, string Sql)[] Migrations =
    [
        (1, """
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
            """),
        // Issue 11, limits: idempotent answers, sign-in attempts, and an index to count a user's recent blocks.
        (2, """
            CREATE TABLE idempotency_keys (
                user_id      uuid NOT NULL,
                key          text COLLATE "C" NOT NULL,
                status       integer NOT NULL DEFAULT 0,
                content_type text NULL,
                location     text NULL,
                body         text NULL,
                created_at   timestamptz NOT NULL,
                PRIMARY KEY (user_id, key)
            );
            CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

            CREATE TABLE login_attempts (
                subject      text COLLATE "C" NOT NULL,
                attempted_at timestamptz NOT NULL
            );
            CREATE INDEX login_attempts_subject_attempted_at ON login_attempts (subject, attempted_at);
            CREATE INDEX login_attempts_attempted_at ON login_attempts (attempted_at);

            CREATE INDEX block_audit_actor_id_action_created_at ON block_audit (actor_id, action, created_at);
            """),

        // Issue 11 (token handling): the security stamp tokens must carry, account deletion, tokens revoked by logout.
        (3, """
            ALTER TABLE users ADD COLUMN security_stamp bigint NOT NULL DEFAULT 0;
            ALTER TABLE users ADD COLUMN deleted_at timestamptz NULL;

            CREATE TABLE revoked_tokens (
                token_id   text COLLATE "C" PRIMARY KEY,
                user_id    uuid NOT NULL REFERENCES users (id),
                expires_at timestamptz NOT NULL
            );
            CREATE INDEX revoked_tokens_user_id_expires_at ON revoked_tokens (user_id, expires_at);
            CREATE INDEX revoked_tokens_expires_at ON revoked_tokens (expires_at);
            """),

        // Issue 11 (live event stream tickets): the ids of used tickets, kept until shortly after they expire (single use).
        (4, """
            CREATE TABLE used_event_tickets (
                id         uuid PRIMARY KEY,
                expires_at timestamptz NOT NULL
            );
            CREATE INDEX used_event_tickets_expires_at ON used_event_tickets (expires_at);
            """),
        // Who opened each direct conversation (a conversation a block created is listed to neither user until they open it or see
        // a message in it) and the last-seen privacy setting (issue 11, items 9 and 12). Existing direct conversations count as
        // opened by their first participant, the one who created them.
        (5, """
            ALTER TABLE conversation_participants ADD COLUMN opened_at timestamptz NULL;
            UPDATE conversation_participants p SET opened_at = c.created_at
            FROM conversations c WHERE c.id = p.conversation_id AND c.kind = 'direct' AND p.position = 0;
            ALTER TABLE users ADD COLUMN show_last_seen boolean NOT NULL DEFAULT true;
            """),
        // Issue 9 (apps): every user belongs to an app, existing ones to the built-in 'default'; the username is unique per app (it
        // holds an app user's external id, case-sensitive, "C" collation as before so that prefix search uses the index).
        (6, """
            ALTER TABLE users ADD COLUMN app_id text COLLATE "C" NOT NULL DEFAULT 'default';
            ALTER TABLE users DROP CONSTRAINT users_username_key;
            ALTER TABLE users ADD CONSTRAINT users_app_id_username_key UNIQUE (app_id, username);
            """),
        // Issue 13 (block list import; meant to follow the reserved steps 6-9, renumbered at merge): the import that made an
        // audit row, so that the block limit counts one import once however many rows it wrote. Null for every earlier row.
        (7, """
            ALTER TABLE block_audit ADD COLUMN import_id uuid NULL;
            """),
    ];

    /// <summary>The newest schema version this build knows.</summary>
    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>
    /// Brings the schema to <see cref="LatestVersion"/> in one transaction that holds an exclusive advisory lock, so concurrent
    /// callers wait and then find nothing left to do. A database already at a newer version (a newer silo ran first) is left alone.
    /// </summary>
    /// <returns>The schema version found before migrating (0 for an empty database).</returns>
    /// <exception cref="NpgsqlException">The database could not be reached or refused a step; nothing is applied then.</exception>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({MigrationLockClass}, {MigrationLockId})"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var found = (int)(await new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_version", connection, transaction)
            .ScalarAsync(cancellationToken).ConfigureAwait(false))!;

        foreach (var (version, sql) in Migrations)
        {
            if (version <= found)
            {
                continue;
            }

            // A step is several statements in one text; NpgsqlCommand splits it (a batch command must be a single statement).
            await new NpgsqlCommand(sql, connection, transaction).RunAsync(cancellationToken).ConfigureAwait(false);
            await new NpgsqlCommand($"INSERT INTO schema_version (version) VALUES ({version})", connection, transaction)
                .RunAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (found < LatestVersion)
        {
            LogMigrated(logger, found, LatestVersion);
        }

        return found;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema migrated from version {FromVersion} to {ToVersion}")]
    private static partial void LogMigrated(ILogger logger, int fromVersion, int toVersion);
}
