-- Up Migration
-- Report summaries (db/report-summaries.ts): the figures the reports add up, kept per day, month, quarter,
-- half-year and year (span 'D', 'M', 'Q', 'H', 'Y'; `day` is the first day of the span) so a period is read as
-- a few spans (domain/reports/period-spans.ts) instead of a million dossiers. Written in the transaction that records each dossier event into the read model
-- (activities/dossier/record-event.ts → applyToReportSummaries), rebuilt from the read model by
-- `npm run reports:rebuild` (rebuildReportSummaries). Units are those a dossier counts under: the province,
-- the district for three-tier dossiers only (NULL otherwise), the commune.

-- Working days a step took, stored when it completes: the calendar is read once, not at every report.
-- `paused_working_days` is the clock stops credited to the task (the task during which documents were asked for).
ALTER TABLE tasks
  ADD COLUMN paused_working_days INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN elapsed_working_days INTEGER,
  ADD COLUMN working_days INTEGER GENERATED ALWAYS AS (GREATEST(0, elapsed_working_days - paused_working_days)) STORED;

-- Dossiers received and finished (by how they ended) per procedure. `finished` counts every ending (withdrawn
-- too): received minus finished up to a day is what was in progress that day.
CREATE TABLE report_dossier_counts (
  span            CHAR(1) NOT NULL CHECK (span IN ('D', 'M', 'Q', 'H', 'Y')),
  day             DATE NOT NULL,
  province_code   TEXT NOT NULL,
  district_code   TEXT,
  commune_code    TEXT NOT NULL,
  procedure_id    TEXT NOT NULL,
  procedure_title TEXT NOT NULL,
  received        INTEGER NOT NULL DEFAULT 0,
  finished        INTEGER NOT NULL DEFAULT 0,
  not_accepted    INTEGER NOT NULL DEFAULT 0,
  completed       INTEGER NOT NULL DEFAULT 0,
  refused         INTEGER NOT NULL DEFAULT 0,
  early           INTEGER NOT NULL DEFAULT 0,
  on_time         INTEGER NOT NULL DEFAULT 0,
  late            INTEGER NOT NULL DEFAULT 0,
  unclassified    INTEGER NOT NULL DEFAULT 0,
  UNIQUE NULLS NOT DISTINCT (span, day, province_code, district_code, commune_code, procedure_id)
);
CREATE INDEX report_dossier_counts_commune ON report_dossier_counts (commune_code, span, day);

-- Steps completed, with a histogram of whole working days ({"3": 12, "4": 7}: 12 steps took 3 days…), so the
-- average and the 90th percentile of any period are exact.
CREATE TABLE report_step_durations (
  span          CHAR(1) NOT NULL CHECK (span IN ('D', 'M', 'Q', 'H', 'Y')),
  day           DATE NOT NULL,
  province_code TEXT NOT NULL,
  district_code TEXT,
  commune_code  TEXT NOT NULL,
  procedure_id  TEXT NOT NULL,
  step_key      TEXT NOT NULL,
  step_title    TEXT NOT NULL,
  done          INTEGER NOT NULL DEFAULT 0,
  early         INTEGER NOT NULL DEFAULT 0,
  on_time       INTEGER NOT NULL DEFAULT 0,
  late          INTEGER NOT NULL DEFAULT 0,
  histogram     JSONB NOT NULL DEFAULT '{}',
  UNIQUE NULLS NOT DISTINCT (span, day, province_code, district_code, commune_code, procedure_id, step_key)
);
CREATE INDEX report_step_durations_commune ON report_step_durations (commune_code, span, day);

-- Monthly entitlements started (decision signed) and stopped (ended_on), with their current monthly amounts,
-- under the decision's first clause: active on a day = started minus stopped up to it.
CREATE TABLE report_entitlement_counts (
  span           CHAR(1) NOT NULL CHECK (span IN ('D', 'M', 'Q', 'H', 'Y')),
  day            DATE NOT NULL,
  province_code  TEXT NOT NULL,
  district_code  TEXT,
  commune_code   TEXT NOT NULL,
  clause         TEXT,
  started        INTEGER NOT NULL DEFAULT 0,
  started_amount BIGINT NOT NULL DEFAULT 0,
  stopped        INTEGER NOT NULL DEFAULT 0,
  stopped_amount BIGINT NOT NULL DEFAULT 0,
  UNIQUE NULLS NOT DISTINCT (span, day, province_code, district_code, commune_code, clause)
);
CREATE INDEX report_entitlement_counts_commune ON report_entitlement_counts (commune_code, span, day);

-- One-off and in-kind decisions (form 10b) per procedure.
CREATE TABLE report_one_off_aid (
  span            CHAR(1) NOT NULL CHECK (span IN ('D', 'M', 'Q', 'H', 'Y')),
  day             DATE NOT NULL,
  province_code   TEXT NOT NULL,
  district_code   TEXT,
  commune_code    TEXT NOT NULL,
  procedure_id    TEXT NOT NULL,
  procedure_title TEXT NOT NULL,
  decisions       INTEGER NOT NULL DEFAULT 0,
  one_off_amount  BIGINT NOT NULL DEFAULT 0,
  rice_kg         NUMERIC NOT NULL DEFAULT 0,
  UNIQUE NULLS NOT DISTINCT (span, day, province_code, district_code, commune_code, procedure_id)
);
CREATE INDEX report_one_off_aid_commune ON report_one_off_aid (commune_code, span, day);

-- People assisted (the plan report counts each person once per unit): each decision gives its person the days
-- they were assisted (a one-off: the day signed; a monthly allowance: from signing until it stops, 'infinity'
-- while paid). A person's intervals merge into disjoint islands; a period meets
--   (islands started by its end) − (islands ended before its start) − (gaps between islands inside it)
-- people, and each term is a sum over these tables.
CREATE TABLE report_assistance_intervals (
  dossier_code  TEXT PRIMARY KEY REFERENCES dossiers (code),
  province_code TEXT NOT NULL,
  district_code TEXT,
  commune_code  TEXT NOT NULL,
  person_key    TEXT NOT NULL,
  first_day     DATE NOT NULL,
  last_day      DATE NOT NULL
);
CREATE INDEX report_assistance_intervals_person ON report_assistance_intervals (commune_code, person_key);

CREATE TABLE report_people_counts (
  span          CHAR(1) NOT NULL CHECK (span IN ('D', 'M', 'Q', 'H', 'Y')),
  day           DATE NOT NULL,
  province_code TEXT NOT NULL,
  district_code TEXT,
  commune_code  TEXT NOT NULL,
  starts        INTEGER NOT NULL DEFAULT 0,
  ends          INTEGER NOT NULL DEFAULT 0,
  UNIQUE NULLS NOT DISTINCT (span, day, province_code, district_code, commune_code)
);
CREATE INDEX report_people_counts_commune ON report_people_counts (commune_code, span, day);

CREATE TABLE report_people_gaps (
  province_code TEXT NOT NULL,
  district_code TEXT,
  commune_code  TEXT NOT NULL,
  prev_end      DATE NOT NULL,
  next_start    DATE NOT NULL,
  people        INTEGER NOT NULL DEFAULT 0,
  UNIQUE NULLS NOT DISTINCT (prev_end, next_start, province_code, district_code, commune_code)
);

-- Down Migration
DROP TABLE report_people_gaps;
DROP TABLE report_people_counts;
DROP TABLE report_assistance_intervals;
DROP TABLE report_one_off_aid;
DROP TABLE report_entitlement_counts;
DROP TABLE report_step_durations;
DROP TABLE report_dossier_counts;
ALTER TABLE tasks DROP COLUMN working_days, DROP COLUMN elapsed_working_days, DROP COLUMN paused_working_days;
