CREATE UNIQUE INDEX ix_event ON o.t (event_id);
CREATE UNIQUE INDEX ix_pos ON o.t (position);
CREATE INDEX ix_sent ON o.t (sent_at);
CREATE INDEX ix_subject_position ON o.t (subject_id, position);
