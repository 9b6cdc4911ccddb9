-- Bulk load for the scale figures: :users users and :blocks block rows, generated in the server (generate_series).
-- Runs on the service's migrated schema, in one transaction that starts with TRUNCATE, so that with wal_level=minimal
-- nothing of it is written to the WAL. The block table's two indexes are dropped first and built after the load (a sorted
-- build instead of 10M index inserts); the foreign-key triggers are skipped (session_replication_role = replica) because
-- every generated id is a user of the same load by construction.
--
-- Ids are deterministic: user i is 00000000-0000-4000-8000-<i as 12 hex digits>.
-- Layout (H = :heavy users with 1000 blocks each, Z = :zero users with none, R = the rest):
--   users 1..H          1000 blocks each         (cold activation)
--   users H+1..H+Z      no blocks                (memory per grain, 0 entries)
--   users H+Z+1..users  the remaining rows round-robin, so the first of them have the most
-- Blocked ids are (blocker - 1 + k * 7919) mod users + 1 for k = 1, 2, ...: distinct, never the blocker.
\set ON_ERROR_STOP on
\timing on
SET maintenance_work_mem = '1GB';
SET max_parallel_maintenance_workers = 2;
SET session_replication_role = replica;
BEGIN;
TRUNCATE users, blocks, block_audit, conversations, conversation_participants, messages CASCADE;
ALTER TABLE blocks DROP CONSTRAINT blocks_pkey;
DROP INDEX blocks_blocked_id_blocker_id;

CREATE FUNCTION pg_temp.uid(i bigint) RETURNS uuid IMMUTABLE LANGUAGE sql
    AS $$ SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid $$;

INSERT INTO users (id, username, display_name, avatar_url, password_hash, created_at, last_seen_at)
SELECT pg_temp.uid(i), 'load' || i, 'Load user ' || i, NULL, 'not-a-hash', now(), NULL
FROM generate_series(1, :users) AS i;

-- Heavy users: 1000 blocks each.
INSERT INTO blocks (blocker_id, blocked_id, created_at)
SELECT pg_temp.uid(b), pg_temp.uid((b - 1 + k * 7919) % :users + 1), now() - make_interval(secs => k)
FROM generate_series(1, :heavy) AS b, generate_series(1, 1000) AS k;

-- The rest, round-robin over users H+Z+1..users.
INSERT INTO blocks (blocker_id, blocked_id, created_at)
SELECT pg_temp.uid(b), pg_temp.uid((b - 1 + k * 7919) % :users + 1), now() - make_interval(secs => k)
FROM (SELECT :heavy + :zero + 1 + (n % (:users - :heavy - :zero)) AS b, n / (:users - :heavy - :zero) + 1 AS k
      FROM generate_series(0, :blocks - :heavy * 1000 - 1) AS n) AS g;

ALTER TABLE blocks ADD CONSTRAINT blocks_pkey PRIMARY KEY (blocker_id, blocked_id);
CREATE INDEX blocks_blocked_id_blocker_id ON blocks (blocked_id, blocker_id);
COMMIT;
ANALYZE users;
ANALYZE blocks;
SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM blocks) AS blocks;
