namespace ChatBlock.Storage.Postgres;

/// <summary>
/// The statements of <see cref="PostgresChatStore"/>, with positional parameters (<c>$1</c>...) as listed above each one.
/// Each is a single statement, so any of them can be a command of a batch.
/// </summary>
internal static class PostgresSql
{
    /// <summary>Columns read by <see cref="PostgresChatStore"/> as a <see cref="UserRecord"/> (0-7).</summary>
    public const string UserColumns = "id, username, display_name, avatar_url, created_at, last_seen_at, show_last_seen, app_id";

    /// <summary>How many columns <see cref="UserColumns"/> has (the next column's ordinal).</summary>
    public const int UserColumnCount = 8;

    /// <summary>Columns read as a <see cref="ConversationRecord"/> (0-4) from <c>conversations c</c>.</summary>
    public const string ConversationColumns =
        "c.id, c.kind, c.title, c.created_at, "
        + "ARRAY(SELECT p.user_id FROM conversation_participants p WHERE p.conversation_id = c.id ORDER BY p.position)";

    /// <summary>Columns read as a <see cref="MessageRecord"/> (0-6).</summary>
    public const string MessageColumns = "id, conversation_id, sender_id, content, message_type, created_at, sender_only";

    /// <summary>
    /// $1 id, $2 username, $3 display name, $4 avatar, $5 password hash, $6 created, $7 last seen, $8 app id. 0 rows: name taken in
    /// the app.
    /// </summary>
    public const string InsertUser = """
        INSERT INTO users (id, username, display_name, avatar_url, password_hash, created_at, last_seen_at, app_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (app_id, username) DO NOTHING
        """;

    /// <summary>$1 user id.</summary>
    public const string SelectUser = $"SELECT {UserColumns} FROM users WHERE id = $1 AND deleted_at IS NULL";

    /// <summary>$1 username of the built-in app (the only one that signs in with a password); the user columns, the hash.</summary>
    public const string SelectCredentials =
        $"SELECT {UserColumns}, password_hash FROM users WHERE app_id = 'default' AND username = $1 AND deleted_at IS NULL";

    /// <summary>$1 a <c>LIKE</c> pattern escaped with <c>\</c>, $2 limit, $3 app id.</summary>
    public const string SearchUsers = $"""
        SELECT {UserColumns} FROM users WHERE app_id = $3 AND username LIKE $1 ESCAPE '\' AND deleted_at IS NULL
        ORDER BY username LIMIT $2
        """;

    /// <summary>$1 app id, $2 username (external id).</summary>
    public const string SelectUserByName =
        $"SELECT {UserColumns} FROM users WHERE app_id = $1 AND username = $2 AND deleted_at IS NULL";

    /// <summary>
    /// $1 new id, $2 app id, $3 username (external id), $4 display name, $5 avatar, $6 created. Creates the app user without a usable
    /// password, or updates display name and avatar of the existing one; the stored row's user columns.
    /// </summary>
    public const string PutAppUser = $"""
        INSERT INTO users (id, app_id, username, display_name, avatar_url, password_hash, created_at, last_seen_at)
        VALUES ($1, $2, $3, $4, $5, '', $6, NULL)
        ON CONFLICT (app_id, username) DO UPDATE SET display_name = excluded.display_name, avatar_url = excluded.avatar_url
        RETURNING {UserColumns}
        """;

    /// <summary>$1 pair key (<see cref="UserPair.Key"/>).</summary>
    public const string SelectDirectConversationId = "SELECT id FROM conversations WHERE direct_key = $1";

    /// <summary>$1 user id, $2 last seen.</summary>
    public const string UpdateLastSeen = "UPDATE users SET last_seen_at = $2 WHERE id = $1";

    /// <summary>$1 user id, $2 show last seen, $3 notify channel, $4 notify payload. Updates and notifies in one statement.</summary>
    public const string UpdateShowLastSeen = """
        WITH updated AS (UPDATE users SET show_last_seen = $2 WHERE id = $1 RETURNING id)
        SELECT pg_notify($3, $4) FROM updated
        """;

    /// <summary>Columns read as a <see cref="BlockRecord"/> (0-4).</summary>
    public const string BlockColumns = "blocker_id, blocked_id, created_at, expires_at, note";

    /// <summary>$1 blocker id; expired rows not yet removed included.</summary>
    public const string SelectBlocksByBlocker =
        $"SELECT {BlockColumns} FROM blocks WHERE blocker_id = $1 ORDER BY created_at, blocked_id";

    /// <summary>$1 blocker id, $2 now; the blocked ids of the active blocks only.</summary>
    public const string SelectBlockedIds =
        "SELECT blocked_id FROM blocks WHERE blocker_id = $1 AND (expires_at IS NULL OR expires_at > $2)";

    /// <summary>$1 pair key. Held until the transaction ends; taken by every block change of the pair.</summary>
    public const string LockPair = "SELECT pg_advisory_xact_lock($1)";

    /// <summary>$1 pair keys, sorted (locks are taken in array order, so two such transactions cannot deadlock).</summary>
    public const string LockPairs = "SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k";

    /// <summary>$1 pair key. Held until the transaction ends; taken by every direct message of the pair.</summary>
    public const string LockPairShared = "SELECT pg_advisory_xact_lock_shared($1)";

    /// <summary>
    /// $1 pair keys, distinct and sorted: <see cref="LockPairShared"/> for each, in array order (a batch of direct messages; see
    /// <see cref="LockPairs"/> for why the order matters).
    /// </summary>
    public const string LockPairsShared = "SELECT pg_advisory_xact_lock_shared(k) FROM unnest($1::bigint[]) AS k";

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
    /// $1 blocker, $2 blocked, $3 created, $4 notify channel, $5 notify payload, $6 expires (null: permanent), $7 note. Inserts the
    /// block and its audit row and notifies, or does nothing when the row exists. One row: whether it was added, and the row's
    /// creation time, expiry and note.
    /// </summary>
    public const string InsertBlock = """
        WITH inserted AS (
            INSERT INTO blocks (blocker_id, blocked_id, created_at, expires_at, note) VALUES ($1, $2, $3, $6, $7)
            ON CONFLICT (blocker_id, blocked_id) DO NOTHING
            RETURNING created_at, expires_at, note),
        audit AS (
            INSERT INTO block_audit (actor_id, action, target_id, created_at) SELECT $1, 'block', $2, $3 FROM inserted)
        SELECT true, i.created_at, i.expires_at, i.note FROM inserted i CROSS JOIN LATERAL (SELECT pg_notify($4, $5)) AS n
        UNION ALL
        SELECT false, b.created_at, b.expires_at, b.note FROM blocks b WHERE b.blocker_id = $1 AND b.blocked_id = $2
        """;

    /// <summary>
    /// $1 blocker, $2 blocked, $3 now. Removes the pair's row if it expired at or before $3, with an <c>unblock</c> audit row by the
    /// system; run it under the pair's lock. Rows: the removed block (none when another transaction claimed it first).
    /// </summary>
    public const string ClaimExpiredBlock = $"""
        WITH claimed AS (
            DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2 AND expires_at <= $3
            RETURNING {BlockColumns}),
        audit AS (
            INSERT INTO block_audit (actor_id, action, target_id, created_at, by_system)
            SELECT c.blocker_id, 'unblock', c.blocked_id, $3, true FROM claimed c)
        SELECT {BlockColumns} FROM claimed
        """;

    /// <summary>
    /// $1 now, $2 limit. Claims at most $2 rows that expired at or before $1 (rows another transaction holds are skipped, never
    /// waited for, so silos running this at once each get different rows), removes them and writes an <c>unblock</c> audit row by
    /// the system for each. Rows: the removed blocks.
    /// </summary>
    public const string ExpireBlocks = $"""
        WITH due AS (
            SELECT blocker_id, blocked_id FROM blocks
            WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED),
        claimed AS (
            DELETE FROM blocks b USING due d
            WHERE b.blocker_id = d.blocker_id AND b.blocked_id = d.blocked_id AND b.expires_at <= $1
            RETURNING b.blocker_id, b.blocked_id, b.created_at, b.expires_at, b.note),
        audit AS (
            INSERT INTO block_audit (actor_id, action, target_id, created_at, by_system)
            SELECT c.blocker_id, 'unblock', c.blocked_id, $1, true FROM claimed c)
        SELECT {BlockColumns} FROM claimed ORDER BY expires_at
        """;

    /// <summary>
    /// $1 blocker, $2 blocked, $3 now, $4 changes expiry, $5 expiry, $6 changes note, $7 note, $8 notify channel, $9 notify payload.
    /// Changes an active block and notifies. Rows: the block after the change (none when there is no active block).
    /// </summary>
    public const string UpdateBlock = $"""
        WITH updated AS (
            UPDATE blocks
            SET expires_at = CASE WHEN $4 THEN $5 ELSE expires_at END, note = CASE WHEN $6 THEN $7 ELSE note END
            WHERE blocker_id = $1 AND blocked_id = $2 AND (expires_at IS NULL OR expires_at > $3)
            RETURNING {BlockColumns})
        SELECT u.* FROM updated u CROSS JOIN LATERAL (SELECT pg_notify($8, $9)) AS n
        """;

    /// <summary>
    /// $1 blocker, $2 blocked ids, $3 time, $4 notify channel, $5 notify payload. Deletes those blocks that are active at $3
    /// (expired ones are left for the server's expiry), writes an audit row each,
    /// and notifies once if anything was deleted. Rows: the unblocked ids.
    /// </summary>
    public const string DeleteBlocks = """
        WITH deleted AS (
            DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = ANY ($2::uuid[]) AND (expires_at IS NULL OR expires_at > $3)
            RETURNING blocked_id),
        audit AS (
            INSERT INTO block_audit (actor_id, action, target_id, created_at) SELECT $1, 'unblock', d.blocked_id, $3 FROM deleted d)
        SELECT d.blocked_id FROM deleted d CROSS JOIN LATERAL (SELECT pg_notify($4, $5)) AS n
        """;

    /// <summary>$1 actor id.</summary>
    public const string SelectAuditTrail =
        "SELECT actor_id, action, target_id, created_at, by_system FROM block_audit WHERE actor_id = $1 ORDER BY id";

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
    /// blocks, whether the recipient blocks, whether it was stored. A block counts while $6 is before its expiry (SPEC section 10).
    /// </summary>
    public const string InsertDirectMessage = """
        WITH flags AS (
            SELECT EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $3 AND blocked_id = $7 AND (expires_at IS NULL OR expires_at > $6))
                       AS sender_blocks,
                   EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $7 AND blocked_id = $3 AND (expires_at IS NULL OR expires_at > $6))
                       AS recipient_blocks),
        inserted AS (
            INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at, sender_only)
            SELECT $1, $2, $3, $4, $5, $6, f.recipient_blocks FROM flags f
            WHERE NOT f.sender_blocks AND (NOT f.recipient_blocks OR $8)
            RETURNING 1)
        SELECT f.sender_blocks, f.recipient_blocks, EXISTS (SELECT 1 FROM inserted) FROM flags f
        """;

    /// <summary>
    /// <see cref="InsertDirectMessage"/> for many messages at once (group commit, issue 12), each argument an array with one element
    /// per message: $1 ids, $2 conversations, $3 senders, $4 contents, $5 types, $6 created, $7 recipients, $8 shadow allowed. Each
    /// message is checked at its own time with the same predicate, and the allowed ones are inserted in input order, all in one
    /// snapshot; run it after <see cref="LockPairsShared"/> and <see cref="PostgresBlockListSql.LockUsersShared"/> over every
    /// message's pair and users, in the same transaction. One row per message, in input order: whether the sender blocks, whether
    /// the recipient blocks, whether it was stored.
    /// </summary>
    public const string InsertDirectMessages = """
        WITH flags AS MATERIALIZED (
            SELECT r.n, r.id, r.conversation_id, r.sender_id, r.content, r.message_type, r.created_at, r.shadow,
                   EXISTS (SELECT 1 FROM blocks b
                           WHERE b.blocker_id = r.sender_id AND b.blocked_id = r.recipient_id
                             AND (b.expires_at IS NULL OR b.expires_at > r.created_at)) AS sender_blocks,
                   EXISTS (SELECT 1 FROM blocks b
                           WHERE b.blocker_id = r.recipient_id AND b.blocked_id = r.sender_id
                             AND (b.expires_at IS NULL OR b.expires_at > r.created_at)) AS recipient_blocks
            FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[], $7::uuid[], $8::boolean[])
                WITH ORDINALITY AS r (id, conversation_id, sender_id, content, message_type, created_at, recipient_id, shadow, n)),
        inserted AS (
            INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at, sender_only)
            SELECT f.id, f.conversation_id, f.sender_id, f.content, f.message_type, f.created_at, f.recipient_blocks FROM flags f
            WHERE NOT f.sender_blocks AND (NOT f.recipient_blocks OR f.shadow)
            ORDER BY f.n
            RETURNING id)
        SELECT f.sender_blocks, f.recipient_blocks,
               NOT f.sender_blocks AND (NOT f.recipient_blocks OR f.shadow) AND EXISTS (SELECT 1 FROM inserted i WHERE i.id = f.id)
        FROM flags f ORDER BY f.n
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

    /// <summary>$1 lock class, $2 keys, sorted: the two-key limit locks, held until the transaction ends.</summary>
    public const string LockLimits = "SELECT pg_advisory_xact_lock($1, k) FROM unnest($2::integer[]) AS k";

    /// <summary>$1 blocker, $2 blocked; the pair's block row, if any (expired or not).</summary>
    public const string SelectBlock = $"SELECT {BlockColumns} FROM blocks WHERE blocker_id = $1 AND blocked_id = $2";

    /// <summary>
    /// $1 blocker, $2 window start (exclusive), $3 permits: the times of the blocker's newest blocks within the window; the rows of
    /// one import count once (SPEC section 10).
    /// </summary>
    public const string SelectRecentBlocks = """
        SELECT max(created_at) FROM block_audit
        WHERE actor_id = $1 AND action = 'block' AND created_at > $2
        GROUP BY import_id, CASE WHEN import_id IS NULL THEN id END
        ORDER BY 1 DESC LIMIT $3
        """;

    /// <summary>
    /// $1 expired at or before: removes a bounded batch of expired answers, skipping rows another transaction holds (never waits).
    /// </summary>
    public const string DeleteExpiredIdempotencyKeys = """
        DELETE FROM idempotency_keys
        WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE created_at <= $1 LIMIT 100 FOR UPDATE SKIP LOCKED)
        """;

    /// <summary>
    /// $1 user, $2 key, $3 created, $4 expired at or before. Reserves the key (a pending row), also over an expired answer. One row
    /// (<c>true</c>) when reserved; none when a live answer or pending request holds the key.
    /// </summary>
    public const string ReserveIdempotencyKey = """
        INSERT INTO idempotency_keys (user_id, key, status, created_at) VALUES ($1, $2, 0, $3)
        ON CONFLICT (user_id, key) DO UPDATE
            SET status = 0, content_type = NULL, location = NULL, body = NULL, created_at = excluded.created_at
            WHERE idempotency_keys.created_at <= $4
        RETURNING true
        """;

    /// <summary>$1 user, $2 key.</summary>
    public const string SelectIdempotencyKey =
        "SELECT status, content_type, location, body, created_at FROM idempotency_keys WHERE user_id = $1 AND key = $2";

    /// <summary>$1 user, $2 key, $3 status, $4 content type, $5 location, $6 body.</summary>
    public const string CompleteIdempotencyKey = """
        UPDATE idempotency_keys SET status = $3, content_type = $4, location = $5, body = $6 WHERE user_id = $1 AND key = $2
        """;

    /// <summary>$1 user, $2 key: forgets a pending request.</summary>
    public const string DeletePendingIdempotencyKey = "DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status = 0";

    /// <summary>$1 subjects, $2 window start (inclusive): removes their attempts that left the window.</summary>
    public const string DeleteOldLoginAttempts =
        "DELETE FROM login_attempts WHERE subject = ANY ($1::text[]) AND attempted_at <= $2";

    /// <summary>
    /// $1 window start (inclusive): removes a bounded batch of anyone's old attempts, skipping rows another transaction holds.
    /// </summary>
    public const string DeleteOldLoginAttemptsBatch = """
        DELETE FROM login_attempts
        WHERE ctid IN (SELECT ctid FROM login_attempts WHERE attempted_at <= $1 LIMIT 100 FOR UPDATE SKIP LOCKED)
        """;

    /// <summary>$1 subjects, $2 permits: each subject's newest attempts, at most $2 each. Rows: subject, time.</summary>
    public const string SelectRecentLoginAttempts = """
        SELECT s.subject, a.attempted_at
        FROM unnest($1::text[]) AS s (subject)
        CROSS JOIN LATERAL (
            SELECT l.attempted_at FROM login_attempts l WHERE l.subject = s.subject ORDER BY l.attempted_at DESC LIMIT $2) AS a
        """;

    /// <summary>$1 subjects, $2 time: one attempt for each.</summary>
    public const string InsertLoginAttempts =
        "INSERT INTO login_attempts (subject, attempted_at) SELECT s, $2 FROM unnest($1::text[]) AS s";
    /// <summary>$1 user id, $2 now. One row for an active user: the security stamp and the ids of their unexpired revoked tokens.</summary>
    public const string SelectTokenState = """
        SELECT u.security_stamp, ARRAY(SELECT r.token_id FROM revoked_tokens r WHERE r.user_id = u.id AND r.expires_at > $2)
        FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL
        """;

    /// <summary>$1 user id.</summary>
    public const string SelectPasswordHash = "SELECT password_hash FROM users WHERE id = $1 AND deleted_at IS NULL";

    /// <summary>
    /// $1 user id, $2 password hash, $3 notify channel, $4 notify payload. One row (the new stamp) if the user is active.
    /// </summary>
    public const string UpdatePassword = """
        WITH updated AS (
            UPDATE users SET password_hash = $2, security_stamp = security_stamp + 1 WHERE id = $1 AND deleted_at IS NULL
            RETURNING security_stamp)
        SELECT u.security_stamp FROM updated u CROSS JOIN LATERAL (SELECT pg_notify($3, $4)) AS n
        """;

    /// <summary>$1 token id, $2 user id, $3 expires, $4 now, $5 notify channel, $6 notify payload.</summary>
    public const string InsertRevokedToken = """
        WITH purged AS (DELETE FROM revoked_tokens WHERE expires_at < $4),
        inserted AS (
            INSERT INTO revoked_tokens (token_id, user_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT (token_id) DO NOTHING)
        SELECT pg_notify($5, $6)
        """;

    /// <summary>
    /// $1 user id, $2 time, $3 freed username. Scrubs and marks the user deleted, increments the stamp. One row if the user was
    /// active.
    /// </summary>
    public const string ScrubUser = """
        UPDATE users SET username = $3, display_name = 'Deleted account', avatar_url = NULL, password_hash = '',
            last_seen_at = NULL, deleted_at = $2, security_stamp = security_stamp + 1
        WHERE id = $1 AND deleted_at IS NULL
        RETURNING id
        """;

    /// <summary>
    /// $1 user id, $2 time. Deletes every block of or on the user with an <c>unblock</c> audit row each; rows: the ids of the users
    /// who had blocked them.
    /// </summary>
    public const string DeleteBlocksOfOrOn = """
        WITH deleted AS (
            DELETE FROM blocks WHERE blocker_id = $1 OR blocked_id = $1
            RETURNING blocker_id, blocked_id),
        audit AS (
            INSERT INTO block_audit (actor_id, action, target_id, created_at)
            SELECT d.blocker_id, 'unblock', d.blocked_id, $2 FROM deleted d)
        SELECT d.blocker_id FROM deleted d WHERE d.blocked_id = $1
        """;

    /// <summary>$1 user id.</summary>
    public const string DeleteRevokedTokensOfUser = "DELETE FROM revoked_tokens WHERE user_id = $1";

    /// <summary>$1 notify channel, $2 notify payloads: one notification each, sent when the transaction commits.</summary>
    public const string NotifyMany = "SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p";
}
