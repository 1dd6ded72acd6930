CREATE UNIQUE INDEX ix_pos ON o.t (position) WHERE position IS NOT NULL;
CREATE INDEX ix_subject_position ON o.t (subject_id, position) WHERE position IS NOT NULL;
