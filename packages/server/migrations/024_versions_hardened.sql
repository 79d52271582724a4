-- Versions of records, hardened (issue 13, the attack on 019_corrections.sql).
--
-- 019 let the app role INSERT into record_versions, because its copying trigger runs as the
-- role that wrote the record. So the app role (or an SQL injection through it) could also write
-- a version by hand: a made-up "version 3" in a record's history, which would moreover block the
-- real version 3 when it came (same primary key). And a record could be INSERTed as "version 2,
-- corrected", a history with no creation in it. Both are closed here, for every role alike
-- (triggers, as in 019, because grants do not bind the tables' owner):
--   * a version is written only by the copying trigger (a direct INSERT has trigger depth 0);
--   * a record is inserted only as its version 1: created, current, no reason.
-- And the time a version was made is the database's, not what the writer says it is.

CREATE FUNCTION record_versions_only_copied() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- 1 when this trigger fires for a statement written by hand; 2 or more when the statement is
  -- the copying trigger's own (records_keep_versions, itself a trigger).
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'INSERT on record_versions: versions are written only by the records'' own triggers'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER record_versions_only_copied BEFORE INSERT ON record_versions
  FOR EACH STATEMENT EXECUTE FUNCTION record_versions_only_copied();

-- As in 019, plus: a statement that inserts records inserts their version 1 (one check per
-- statement over its transition table, so a bulk insert still costs one statement more).
CREATE OR REPLACE FUNCTION records_keep_versions() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  bad_id uuid;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT n.id INTO bad_id FROM new_versions n
    WHERE n.version <> 1 OR n.change <> 'created' OR n.record_status <> 'current'
      OR n.change_reason IS NOT NULL
    LIMIT 1;
    IF bad_id IS NOT NULL THEN
      RAISE EXCEPTION '% %: a record is created as its version 1 (a later version is a change of it)',
        TG_TABLE_NAME, bad_id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END IF;
  INSERT INTO record_versions (clinic_id, patient_id, record_table, record_id, version,
    record_status, change, change_reason, changed_by, changed_at, record)
  SELECT n.clinic_id, n.patient_id, TG_TABLE_NAME, n.id, n.version, n.record_status, n.change,
    n.change_reason, coalesce(n.changed_by, n.created_by), n.changed_at,
    to_jsonb(n) - 'bytes' - 'version' - 'record_status' - 'change' - 'change_reason'
      - 'changed_by' - 'changed_at'
  FROM new_versions n;
  RETURN NULL;
END
$$;

-- As in 019, plus: a change is stamped with the time of its transaction, whatever it says.
CREATE OR REPLACE FUNCTION records_check_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_row jsonb := to_jsonb(OLD);
  new_row jsonb := to_jsonb(NEW);
  k text;
BEGIN
  IF OLD.record_status = 'entered-in-error' THEN
    RAISE EXCEPTION '% %: the record was entered in error; it takes no further change',
      TG_TABLE_NAME, OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.version <> OLD.version + 1 THEN
    RAISE EXCEPTION '% %: a change must be version % (it says %)', TG_TABLE_NAME, OLD.id,
      OLD.version + 1, NEW.version USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  FOREACH k IN ARRAY ARRAY['id', 'clinic_id', 'patient_id', 'created_by', 'created_at',
    'content_type', 'byte_length', 'sha256'] LOOP
    IF new_row -> k IS DISTINCT FROM old_row -> k THEN
      RAISE EXCEPTION '% %: % never changes', TG_TABLE_NAME, OLD.id, k
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END LOOP;
  NEW.changed_at := now();
  RETURN NEW;
END
$$;

-- A planned follow-up (020) is recorded by the assessment that names it; one struck out as
-- entered in error records nothing, so its booking is due again and may be recorded by another
-- assessment. One assessment per booking, then, among those that stand (the struck-out one keeps
-- naming the booking in its history).
ALTER TABLE assessments DROP CONSTRAINT assessments_follow_up_id_key;
CREATE UNIQUE INDEX assessments_one_per_follow_up_idx ON assessments (follow_up_id)
  WHERE record_status = 'current';

-- A photo's standard view (021) is one of its details, corrected like the day taken and the zone.
GRANT UPDATE (view) ON photos TO microcore_app;
