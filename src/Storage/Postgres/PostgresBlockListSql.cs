namespace ChatBlock.Storage.Postgres;

/// <summary>
/// The statements of block list import and export (SPEC section 10) and of the block list lock
/// (<see cref="PostgresLockKeys.UserLockClass"/>), with positional parameters as listed above each one. Each is a single
/// statement, so any of them can be a command of a batch.
/// </summary>
internal static class PostgresBlockListSql
{
    /// <summary>$1 lock class, $2 user key: a user's block list lock, exclusive, held until the transaction ends.</summary>
    public const string LockUser = "SELECT pg_advisory_xact_lock($1, $2)";

    /// <summary>
    /// $1 lock class, $2 user keys, sorted: their block list locks, shared, held until the transaction ends (a direct message takes
    /// both participants', a group change its candidates').
    /// </summary>
    public const string LockUsersShared = "SELECT pg_advisory_xact_lock_shared($1, k) FROM unnest($2::integer[]) AS k";

    /// <summary>$1 user ids: those of active users.</summary>
    public const string SelectActiveIds = "SELECT id FROM users WHERE id = ANY ($1::uuid[]) AND deleted_at IS NULL";

    /// <summary>$1 usernames (lower case): rows of active users, username and id.</summary>
    public const string SelectIdsByUsername =
        "SELECT username, id FROM users WHERE username = ANY ($1::text[]) AND deleted_at IS NULL";

    /// <summary>$1 user ids: rows of active users, id and username.</summary>
    public const string SelectUsernames = "SELECT id, username FROM users WHERE id = ANY ($1::uuid[]) AND deleted_at IS NULL";

    /// <summary>
    /// $1 blocker, $2 ids to block, $3 time, $4 ids to unblock, $5 import id. Inserts and deletes those blocks with an audit row per
    /// change, all marked with the import id. Rows: the action (<c>block</c> or <c>unblock</c>) and the user, for each change made.
    /// </summary>
    public const string ApplyImport = """
        WITH inserted AS (
            INSERT INTO blocks (blocker_id, blocked_id, created_at)
            SELECT $1, a.id, $3 FROM unnest($2::uuid[]) WITH ORDINALITY AS a (id, n) ORDER BY a.n
            ON CONFLICT (blocker_id, blocked_id) DO NOTHING
            RETURNING blocked_id),
        deleted AS (
            DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = ANY ($4::uuid[])
            RETURNING blocked_id),
        changes AS (
            SELECT 'block' AS action, blocked_id FROM inserted
            UNION ALL
            SELECT 'unblock', blocked_id FROM deleted),
        audit AS (
            INSERT INTO block_audit (actor_id, action, target_id, created_at, import_id)
            SELECT $1, c.action, c.blocked_id, $3, $5 FROM changes c)
        SELECT action, blocked_id FROM changes
        """;

    /// <summary>$1 notify channel, $2 notify payload.</summary>
    public const string Notify = "SELECT pg_notify($1, $2)";
}
