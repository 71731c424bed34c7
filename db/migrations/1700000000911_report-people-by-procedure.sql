-- Up Migration
-- People assisted per procedure too (the plan report filtered by procedure), from the summaries like the count
-- over all procedures: each decision's days keep their dossier's procedure, and a person's islands of assisted
-- days are merged twice — over all procedures (procedure_id NULL) and within each procedure. The summaries are
-- emptied: db/migrate.ts rebuilds them from the read model right after the migrations (healReportSummaries).
TRUNCATE report_dossier_counts, report_step_durations, report_entitlement_counts, report_one_off_aid,
  report_assistance_intervals, report_people_counts, report_people_gaps;

ALTER TABLE report_assistance_intervals ADD COLUMN procedure_id TEXT NOT NULL;

ALTER TABLE report_people_counts
  ADD COLUMN procedure_id TEXT,
  DROP CONSTRAINT report_people_counts_span_day_province_code_district_code_c_key,
  ADD CONSTRAINT report_people_counts_key
    UNIQUE NULLS NOT DISTINCT (span, day, province_code, district_code, commune_code, procedure_id);

ALTER TABLE report_people_gaps
  ADD COLUMN procedure_id TEXT,
  DROP CONSTRAINT report_people_gaps_prev_end_next_start_province_code_distri_key,
  ADD CONSTRAINT report_people_gaps_key
    UNIQUE NULLS NOT DISTINCT (prev_end, next_start, province_code, district_code, commune_code, procedure_id);

-- Down Migration
TRUNCATE report_dossier_counts, report_step_durations, report_entitlement_counts, report_one_off_aid,
  report_assistance_intervals, report_people_counts, report_people_gaps;
ALTER TABLE report_people_gaps DROP CONSTRAINT report_people_gaps_key, DROP COLUMN procedure_id,
  ADD UNIQUE NULLS NOT DISTINCT (prev_end, next_start, province_code, district_code, commune_code);
ALTER TABLE report_people_counts DROP CONSTRAINT report_people_counts_key, DROP COLUMN procedure_id,
  ADD UNIQUE NULLS NOT DISTINCT (span, day, province_code, district_code, commune_code);
ALTER TABLE report_assistance_intervals DROP COLUMN procedure_id;
