-- Up Migration
-- Reports (app/reports): indexes for the period queries over the read model, the month an entitlement
-- stopped, and the figures of the yearly plan report that only an admin knows.

-- Finished in a period: the SLA report's scan (received in a period uses dossiers_received_on of 720).
CREATE INDEX dossiers_finished_on ON dossiers (finished_on, province_code) WHERE finished_on IS NOT NULL;
-- Steps completed in a period, and the overdue backlog (open step tasks by due date).
CREATE INDEX tasks_completed_on ON tasks (completed_on) WHERE status = 'done';
CREATE INDEX tasks_open_due ON tasks (due_date) WHERE status = 'open';

-- The legal date an entitlement stopped being paid (suspension or termination takes effect the month after
-- the event, DOMAIN.md §3–4). Written by whatever records the stop; NULL while it is paid.
ALTER TABLE entitlements ADD COLUMN ended_on DATE;
CREATE INDEX entitlements_commune ON entitlements (commune_code, status);

-- The yearly plan report (DOMAIN.md §1) sets what the system counts beside two figures it cannot know:
-- how many people in special hardship live in the unit, and how many of them got comprehensive services.
CREATE TABLE plan_report_inputs (
  unit_code                  TEXT NOT NULL REFERENCES administrative_units (code),
  year                       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  people_in_special_hardship INTEGER NOT NULL CHECK (people_in_special_hardship >= 0),
  comprehensive_services     INTEGER NOT NULL CHECK (comprehensive_services >= 0),
  note                       TEXT,
  entered_by                 TEXT NOT NULL,
  entered_at                 TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (unit_code, year)
);

-- Down Migration
DROP TABLE plan_report_inputs;
DROP INDEX entitlements_commune;
ALTER TABLE entitlements DROP COLUMN ended_on;
DROP INDEX tasks_open_due;
DROP INDEX tasks_completed_on;
DROP INDEX dossiers_finished_on;
