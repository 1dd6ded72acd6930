\set r random(1, 1000000)
INSERT INTO o.t (event_id, type, subject_id, subject_version, payload, occurred_at, attempts) VALUES (gen_random_uuid(), 'se.nacka.org.units.unit-renamed.v1', md5(:r::text)::uuid, 2, to_json(repeat('y', 1000)), now(), 0);
WITH pending AS (SELECT id FROM o.t WHERE position IS NULL ORDER BY id LIMIT 5000 FOR UPDATE),
numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM pending),
base AS (SELECT COALESCE(MAX(position), 0) AS p FROM o.t)
UPDATE o.t o SET position = base.p + numbered.rn FROM numbered, base WHERE o.id = numbered.id;
UPDATE o.t SET locked_until = now() + interval '1 minute' WHERE id IN (SELECT o.id FROM o.t o WHERE o.sent_at IS NULL AND (o.locked_until IS NULL OR o.locked_until < now())
 AND o.id = (SELECT min(e.id) FROM o.t e WHERE e.sent_at IS NULL AND e.subject_id = o.subject_id) ORDER BY o.id LIMIT 500 FOR UPDATE OF o SKIP LOCKED);
UPDATE o.t SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE sent_at IS NULL AND locked_until IS NOT NULL;
