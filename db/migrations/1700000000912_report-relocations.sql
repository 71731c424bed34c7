-- Up Migration
-- A relocation in the report summaries (db/report-summaries.ts; issue 13 with 14): the new entitlement a
-- relocation opens counts at the commune moved to from its first month, the old one at the old commune until the
-- day before. Per commune a relocation is a stop at the old commune and a start at the new one; within one
-- province it is neither, and the person is one person:
-- `moved_in` / `moved_out`: the part of started / stopped that are relocations between two communes of the
-- same province (the province's figures take them out).
-- `report_people_moves`: one row per relocation within a province (and per procedure scope, like the people
-- counts), with the last day at the old commune: a period that holds that day and the next met the person at
-- both communes, so the province counts them once.
-- The summaries are emptied: db/migrate.ts rebuilds them right after the migrations (healReportSummaries).
TRUNCATE report_dossier_counts, report_step_durations, report_entitlement_counts, report_one_off_aid,
  report_assistance_intervals, report_people_counts, report_people_gaps;

ALTER TABLE report_entitlement_counts
  ADD COLUMN moved_in INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN moved_out INTEGER NOT NULL DEFAULT 0;

CREATE TABLE report_people_moves (
  dossier_code  TEXT NOT NULL REFERENCES dossiers (code),
  province_code TEXT NOT NULL,
  commune_code  TEXT NOT NULL,
  procedure_id  TEXT,
  last_day_before DATE NOT NULL,
  UNIQUE NULLS NOT DISTINCT (dossier_code, procedure_id)
);
CREATE INDEX report_people_moves_province ON report_people_moves (province_code, last_day_before);

-- The successor of an entitlement (its relocation), looked up for every entitlement a summary reads.
CREATE INDEX IF NOT EXISTS entitlements_continues_from ON entitlements (continues_from)
  WHERE continues_from IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS entitlements_continues_from;
DROP TABLE report_people_moves;
ALTER TABLE report_entitlement_counts DROP COLUMN moved_out, DROP COLUMN moved_in;
