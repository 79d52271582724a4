-- The outcome prediction made when a plan was saved (docs/evidence.md, "Calibration").
--
-- Written in the same INSERT as the plan and never changed (plans grant no UPDATE): a follow-up
-- is compared with what the model said THEN, not with what today's model would say. Plans
-- stored before this migration have none (NULL), and nothing computes one for them later.
ALTER TABLE plans ADD COLUMN prediction jsonb;

-- The pooled calibration: for each patient research_pool() admits (the same conditions: an
-- active research consent entered before the snapshot's end), the prediction stored with the
-- plan their latest current session was recorded from. Only the patient id (for the keyed
-- pseudonym, never sent) and the prediction (no names, dates of the patient or free text)
-- leave the function.
CREATE FUNCTION research_pool_predictions(p_cutoff date, p_include_synthetic boolean)
RETURNS TABLE (patient_id uuid, prediction jsonb)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT p.id, pl.prediction
  FROM patients p
  CROSS JOIN LATERAL (
    SELECT s.plan_id FROM treatment_sessions s
    WHERE s.clinic_id = p.clinic_id AND s.patient_id = p.id AND s.record_status = 'current'
      AND s.created_at < (p_cutoff + 1)::timestamp AT TIME ZONE 'UTC'
    ORDER BY s.date DESC, s.created_at DESC, s.id DESC
    LIMIT 1
  ) latest
  JOIN plans pl ON pl.id = latest.plan_id AND pl.clinic_id = p.clinic_id
  WHERE (p_include_synthetic OR NOT p.synthetic)
    AND p.created_at < (p_cutoff + 1)::timestamp AT TIME ZONE 'UTC'
    AND pl.prediction IS NOT NULL
    AND EXISTS (
      SELECT FROM consents c
      WHERE c.clinic_id = p.clinic_id AND c.patient_id = p.id
        AND c.scope = 'research' AND c.status = 'active' AND c.record_status = 'current'
        AND c.created_at < (p_cutoff + 1)::timestamp AT TIME ZONE 'UTC'
    )
$$;
REVOKE EXECUTE ON FUNCTION research_pool_predictions(date, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION research_pool_predictions(date, boolean) TO microcore_app;
