-- Up Migration
-- The overdue backlog (db/reports.ts#overdueBacklog) reads every open step task due before today and its
-- dossier. Without these, each of those rows cost a heap page of tasks and one of dossiers (a thousand random
-- pages at province scale); with them both sides are index-only scans of small partial indexes (only open
-- tasks, only unfinished dossiers) joined by hash. Index-only scans need the visibility map, which autovacuum
-- keeps; pages changed since fall back to the heap, as before.
CREATE INDEX tasks_open_steps_due ON tasks (due_date)
  INCLUDE (dossier_code, step_key, title, unit_code, escalations)
  WHERE status = 'open' AND kind IN ('step', 'intake_check');
CREATE INDEX dossiers_unfinished_units ON dossiers (code)
  INCLUDE (province_code, district_code, commune_code, tier, procedure_id, procedure_title, clock_stopped)
  WHERE finished_on IS NULL;

-- Down Migration
DROP INDEX dossiers_unfinished_units;
DROP INDEX tasks_open_steps_due;
