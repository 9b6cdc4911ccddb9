namespace ChatBlock.Storage.Postgres;

/// <summary>
/// The statements of <see cref="PostgresChatStore"/>, with positional parameters (<c>$1</c>...) as listed above each one.
/// Each is a single statement, so any of them can be a command of a batch.
/// </summary>
internal static class PostgresSql
{
    /// <summary>Columns read by <see cref="PostgresChatStore"/> as a <see cref="UserRecord"/> (0-6).</summary>
    public const string UserColumns = "id, username, display_name, avatar_url, created_at, last_seen_at, show_last_seen";

    /// <summary>How many columns <see cref="UserColumns"/> has (the next column's ordinal).</summary>
    public const int UserColumnCount = 7;

    /// <summary>Columns read as a <see cref="ConversationRecord"/> (0-4) from <c>conversations c</c>.</summary>
    public const string ConversationColumns =
        "c.id, c.kind, c.title, c.created_at, "
        + "ARRAY(SELECT p.user_id FROM conversation_participants p WHERE p.conversation_id = c.id ORDER BY p.position)";

    /// <summary>Columns read as a <see cref="MessageRecord"/> (0-6).</summary>
    public const string MessageColumns = "id, conversation_id, sender_id, content, message_type, created_at, sender_only";

    /// <summary>$1 id, $2 username, $3 display name, $4 avatar, $5 password hash, $6 created, $7 last seen. 0 rows: name taken.</summary>
    public const string InsertUser = """
        INSERT INTO users (id, username, display_name, avatar_url, password_hash, created_at, last_seen_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (username) DO NOTHING
        """;

    /// <summary>$1 user id.</summary>
    public const string SelectUser = $"SELECT {UserColumns} FROM users WHERE id = $1";

    /// <summary>$1 username; the user columns and then the password hash.</summary>
    public const string SelectCredentials = $"SELECT {UserColumns}, password_hash FROM users WHERE username = $1";

    /// <summary>$1 a <c>LIKE</c> pattern escaped with <c>\</c>, $2 limit.</summary>
    public const string SearchUsers = $"SELECT {UserColumns} FROM users WHERE username LIKE $1 ESCAPE '\\' ORDER BY username LIMIT $2";

    /// <summary>$1 user id, $2 last seen.</summary>
    public const string UpdateLastSeen = "UPDATE users SET last_seen_at = $2 WHERE id = $1";

    /// <summary>$1 user id, $2 show last seen, $3 notify channel, $4 notify payload. Updates and notifies in one statement.</summary>
    public const string UpdateShowLastSeen = """
        WITH updated AS (UPDATE users SET show_last_seen = $2 WHERE id = $1 RETURNING id)
        SELECT pg_notify($3, $4) FROM updated
        """;

    /// <summary>$1 blocker id.</summary>
    public const string SelectBlocksByBlocker =
        "SELECT blocker_id, blocked_id, created_at FROM blocks WHERE blocker_id = $1 ORDER BY created_at, blocked_id";

    /// <summary>$1 blocker id; the blocked ids only.</summary>
    public const string SelectBlockedIds = "SELECT blocked_id FROM blocks WHERE blocker_id = $1";

    /// <summary>$1 pair key. Held until the transaction ends; taken by every block change of the pair.</summary>
    public const string LockPair = "SELECT pg_advisory_xact_lock($1)";

    /// <summary>$1 pair keys, sorted (locks are taken in array order, so two such transactions cannot deadlock).</summary>
    public const string LockPairs = "SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k";

    /// <summary>$1 pair key. Held until the transaction ends; taken by every direct message of the pair.</summary>
    public const string LockPairShared = "SELECT pg_advisory_xact_lock_shared($1)";

    /// <summary>
    /// $1 new id, $2 direct key, $3 created and opened, $4 opener, $5 other user. Creates the pair's direct conversation if absent
    /// (opener first) and records on the opener's participant row that they opened it. One row: the conversation columns and
    /// whether it is new to the opener (created now, or they had not opened it before); no row when another transaction created
    /// it after this statement's snapshot (then run it again: the new statement sees that conversation).
    /// </summary>
    public const string OpenDirectConversation = $"""
        WITH inserted AS (
            INSERT INTO conversations (id, kind, title, direct_key, created_at) VALUES ($1, 'direct', NULL, $2, $3)
            ON CONFLICT (direct_key) DO NOTHING
            RETURNING id, created_at),
        participants AS (
            INSERT INTO conversation_participants (conversation_id, user_id, position, opened_at)
            SELECT i.id, p.user_id, p.position, p.opened_at FROM inserted i
            CROSS JOIN (VALUES ($4::uuid, 0, $3::timestamptz), ($5::uuid, 1, NULL)) AS p (user_id, position, opened_at)),
        opened AS (
            UPDATE conversation_participants p SET opened_at = $3
            FROM conversations c
            WHERE c.direct_key = $2 AND p.conversation_id = c.id AND p.user_id = $4 AND p.opened_at IS NULL
            RETURNING 1)
        SELECT i.id, 'direct', NULL::text, i.created_at, ARRAY[$4::uuid, $5::uuid], true FROM inserted i
        UNION ALL
        SELECT {ConversationColumns}, EXISTS (SELECT 1 FROM opened) FROM conversations c WHERE c.direct_key = $2
        """;

    /// <summary>
    /// $1 blocker, $2 blocked, $3 created, $4 notify channel, $5 notify payload. Inserts the block and its audit row and notifies,
    /// or does nothing when the row exists. One row: whether it was added, and the row's creation time.
    /// </summary>
    public const string InsertBlock = """
        WITH inserted AS (
            INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3)
            ON CONFLICT (blocker_id, blocked_id) DO NOTHING
            RETURNING created_at),
        audit AS (
            INSERT INTO block_audit (actor_id, action, target_id, created_at) SELECT $1, 'block', $2, $3 FROM inserted)
        SELECT true, i.created_at FROM inserted i CROSS JOIN LATERAL (SELECT pg_notify($4, $5)) AS n
        UNION ALL
        SELECT false, b.created_at FROM blocks b WHERE b.blocker_id = $1 AND b.blocked_id = $2
        """;

    /// <summary>
    /// $1 blocker, $2 blocked ids, $3 time, $4 notify channel, $5 notify payload. Deletes those blocks, writes an audit row each,
    /// and notifies once if anything was deleted. Rows: the unblocked ids.
    /// </summary>
    public const string DeleteBlocks = """
        WITH deleted AS (
            DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = ANY ($2::uuid[])
            RETURNING blocked_id),
        audit AS (
            INSERT INTO block_audit (actor_id, action, target_id, created_at) SELECT $1, 'unblock', d.blocked_id, $3 FROM deleted d)
        SELECT d.blocked_id FROM deleted d CROSS JOIN LATERAL (SELECT pg_notify($4, $5)) AS n
        """;

    /// <summary>$1 actor id.</summary>
    public const string SelectAuditTrail =
        "SELECT actor_id, action, target_id, created_at FROM block_audit WHERE actor_id = $1 ORDER BY id";

    /// <summary>$1 id, $2 title, $3 created, $4 participant ids in order.</summary>
    public const string InsertGroupConversation = """
        WITH conversation AS (
            INSERT INTO conversations (id, kind, title, direct_key, created_at) VALUES ($1, 'group', $2, NULL, $3)
            RETURNING id)
        INSERT INTO conversation_participants (conversation_id, user_id, position)
        SELECT c.id, p.user_id, p.ordinality - 1
        FROM conversation c CROSS JOIN unnest($4::uuid[]) WITH ORDINALITY AS p (user_id, ordinality)
        ON CONFLICT (conversation_id, user_id) DO NOTHING
        """;

    /// <summary>$1 conversation id.</summary>
    public const string SelectConversation = $"SELECT {ConversationColumns} FROM conversations c WHERE c.id = $1";

    /// <summary>
    /// $1 user id, $2 limit, $3 after activity (null for the first page), $4 after conversation id. The conversations listed to
    /// the user (every group; a direct one once it has a message the user may see or the user opened it), most recent activity
    /// first: the last message the user may see (another's sender-only message would leak a block), else creation; ties by the
    /// larger id first. Columns: the conversation columns, then the activity (5).
    /// </summary>
    public const string SelectConversationsOfUser = $"""
        SELECT {ConversationColumns}, l.activity
        FROM (
            SELECT me.conversation_id, coalesce(last.created_at, c.created_at) AS activity
            FROM conversation_participants me
            JOIN conversations c ON c.id = me.conversation_id
            LEFT JOIN LATERAL (
                SELECT m.created_at FROM messages m
                WHERE m.conversation_id = c.id AND (NOT m.sender_only OR m.sender_id = $1)
                ORDER BY m.seq DESC LIMIT 1) AS last ON true
            WHERE me.user_id = $1 AND (c.kind = 'group' OR me.opened_at IS NOT NULL OR last.created_at IS NOT NULL)) AS l
        JOIN conversations c ON c.id = l.conversation_id
        WHERE $3::timestamptz IS NULL OR (l.activity, c.id) < ($3::timestamptz, $4::uuid)
        ORDER BY l.activity DESC, c.id DESC
        LIMIT $2
        """;

    /// <summary>
    /// $1 id, $2 conversation, $3 sender, $4 content, $5 type, $6 created, $7 recipient, $8 shadow allowed. Checks both directions
    /// and inserts in one snapshot; run it after <see cref="LockPairShared"/> in the same transaction. One row: whether the sender
    /// blocks, whether the recipient blocks, whether it was stored.
    /// </summary>
    public const string InsertDirectMessage = """
        WITH flags AS (
            SELECT EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $3 AND blocked_id = $7) AS sender_blocks,
                   EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $7 AND blocked_id = $3) AS recipient_blocks),
        inserted AS (
            INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at, sender_only)
            SELECT $1, $2, $3, $4, $5, $6, f.recipient_blocks FROM flags f
            WHERE NOT f.sender_blocks AND (NOT f.recipient_blocks OR $8)
            RETURNING 1)
        SELECT f.sender_blocks, f.recipient_blocks, EXISTS (SELECT 1 FROM inserted) FROM flags f
        """;

    /// <summary>$1 id, $2 conversation, $3 sender, $4 content, $5 type, $6 created.</summary>
    public const string InsertGroupMessage = """
        INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at, sender_only)
        VALUES ($1, $2, $3, $4, $5, $6, false)
        """;

    /// <summary>$1 conversation, $2 viewer, $3 limit.</summary>
    public const string SelectMessages = $"""
        SELECT {MessageColumns} FROM messages
        WHERE conversation_id = $1 AND (NOT sender_only OR sender_id = $2)
        ORDER BY seq DESC LIMIT $3
        """;

    /// <summary>$1 conversation, $2 viewer, $3 limit, $4 the message to page before (none when not in this conversation).</summary>
    public const string SelectMessagesBefore = $"""
        SELECT {MessageColumns} FROM messages
        WHERE conversation_id = $1 AND (NOT sender_only OR sender_id = $2)
          AND seq < (SELECT b.seq FROM messages b WHERE b.id = $4 AND b.conversation_id = $1)
        ORDER BY seq DESC LIMIT $3
        """;
}
