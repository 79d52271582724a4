-- Who made a plan. Every other clinical record has kept its author since 004; plans did not, so
-- the printed plan sheet could name only whoever printed it. A plan stored before this migration
-- keeps NULL: its author is not known (the audit trail holds who created it, for an auditor).
ALTER TABLE plans ADD COLUMN created_by uuid REFERENCES users (id);
