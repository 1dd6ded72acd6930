INSERT INTO o.t (event_id, type, subject_id, subject_version, payload, occurred_at, sent_at, position, attempts)
SELECT gen_random_uuid(), 'se.nacka.org.units.unit-renamed.v1', gen_random_uuid(), 1, to_json(repeat('x', 1000)), now(), now(), i, 1 FROM generate_series(1, 20000) i;
VACUUM ANALYZE o.t;
