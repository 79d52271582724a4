-- Opening a patient's record is the hottest read there is. Under row-level security a read runs
-- in a transaction that first sets app.clinic_id: BEGIN, set_config, SELECT, COMMIT — four round
-- trips. This function does the same in one: it sets the clinic for the current (single-statement)
-- transaction and selects under the same policies. SECURITY INVOKER (the default), so row-level
-- security binds it exactly as it binds the query it replaces.
CREATE FUNCTION patient_in_clinic(p_clinic_id uuid, p_patient_id uuid) RETURNS SETOF patients
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('app.clinic_id', p_clinic_id::text, true);
  RETURN QUERY SELECT * FROM patients WHERE clinic_id = p_clinic_id AND id = p_patient_id;
END
$$;

REVOKE EXECUTE ON FUNCTION patient_in_clinic(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION patient_in_clinic(uuid, uuid) TO microcore_app;
