-- The ceiling for accepted sends: the same INSERT into the same messages table, one per transaction, over the same pairs
-- (bench_pairs is written by the harness's setup command). Nothing else: no gate, no locks of our own, no HTTP.
\set i random(1, :npairs)
INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at, sender_only)
SELECT gen_random_uuid(), conversation_id, sender_id, 'hello from the benchmark', 'text', now(), false
FROM bench_pairs WHERE idx = :i;
