-- Up Migration
-- Whether the report summaries must be rebuilt from the read model (db/report-summaries.ts#healReportSummaries,
-- run by db/migrate.ts after the migrations). A migration that changes what the summaries hold sets it
-- (`UPDATE report_summaries_state SET needs_rebuild = true`) instead of relying on the tables being empty: an
-- event recorded between that migration and the rebuild would make them non-empty and the rebuild would never
-- run. The rebuild clears it in its own transaction. One row.
CREATE TABLE report_summaries_state (
  one           BOOLEAN PRIMARY KEY DEFAULT true CHECK (one),
  needs_rebuild BOOLEAN NOT NULL
);
-- Migrations 911 and 912 emptied the summaries: a database that holds dossiers needs them rebuilt.
INSERT INTO report_summaries_state (needs_rebuild) SELECT EXISTS (SELECT 1 FROM dossiers);

-- Down Migration
DROP TABLE report_summaries_state;
