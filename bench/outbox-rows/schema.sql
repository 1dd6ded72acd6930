DROP SCHEMA IF EXISTS o CASCADE; CREATE SCHEMA o;
CREATE TABLE o.t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id uuid NOT NULL, type varchar(200) NOT NULL, subject_id uuid NOT NULL,
 subject_version int NOT NULL, payload json NOT NULL, occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(),
 trace_parent varchar(128), trace_state varchar(512), sent_at timestamptz, position bigint, locked_until timestamptz, attempts int NOT NULL, last_error varchar(2000));
CREATE INDEX ix_outbox_unsent ON o.t (id) WHERE sent_at IS NULL;
CREATE INDEX ix_outbox_unsent_by_subject ON o.t (subject_id, id) WHERE sent_at IS NULL;
CREATE INDEX ix_outbox_unsequenced ON o.t (id) WHERE position IS NULL;
