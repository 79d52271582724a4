-- The pool's stored summaries keep their partial aggregate (issue 13, "Speed"; docs/evidence.md,
-- "How it is served"). The core's summary is now the finished form of a mergeable partial
-- (core evidence/partial.ts: whole-number histograms per stratum, to which one patient's
-- contribution is added or from which it is subtracted exactly). Until now a re-read of stale
-- patients dropped every stored summary, so the next pooled request aggregated every stored
-- contribution again (2.6 s at 100,000). Now the re-read subtracts each stale patient's old
-- contribution from each stored summary's partial and adds the new one, in the same transaction
-- that replaces their journeys (evidence/researchSnapshot.ts), and the summaries stay.
--
-- A correction to 023's comments (a migration is never edited): 023 described a shared advisory
-- lock taken by every pooled write and an exclusive one held while a snapshot was computed. 025
-- removed both: a computation announces the snapshot, waits for the writes in flight and reads
-- in REPEATABLE READ, and the mark is a plain insert (docs/evidence.md, docs/server.md "The
-- pool's snapshot").

-- Summaries stored before have no partial: dropped, each is computed again when next asked for.
DELETE FROM research_snapshot_summaries;
-- json, not jsonb: written and read back whole, never queried inside.
ALTER TABLE research_snapshot_summaries ADD COLUMN partial json NOT NULL;
GRANT UPDATE (patients, synthetic_patients, summary, partial) ON research_snapshot_summaries
  TO microcore_app;
