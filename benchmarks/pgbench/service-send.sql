-- What limits accepted sends: the service's own send statement (PostgresSql.InsertDirectMessage after LockPairShared, in one
-- implicit transaction as the Npgsql batch sends it), over the same pairs. bench_pairs stands in for the parameters.
\set i random(1, :npairs)
\startpipeline
BEGIN;
SELECT pg_advisory_xact_lock_shared(lock_key) FROM bench_pairs WHERE idx = :i;
WITH p AS (SELECT conversation_id, sender_id, recipient_id FROM bench_pairs WHERE idx = :i),
flags AS (
    SELECT EXISTS (SELECT 1 FROM blocks b, p WHERE b.blocker_id = p.sender_id AND b.blocked_id = p.recipient_id) AS sender_blocks,
           EXISTS (SELECT 1 FROM blocks b, p WHERE b.blocker_id = p.recipient_id AND b.blocked_id = p.sender_id) AS recipient_blocks),
inserted AS (
    INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at, sender_only)
    SELECT gen_random_uuid(), p.conversation_id, p.sender_id, 'hello from the benchmark', 'text', now(), f.recipient_blocks
    FROM flags f, p
    WHERE NOT f.sender_blocks AND (NOT f.recipient_blocks OR false)
    RETURNING 1)
SELECT f.sender_blocks, f.recipient_blocks, EXISTS (SELECT 1 FROM inserted) FROM flags f;
COMMIT;
\endpipeline
