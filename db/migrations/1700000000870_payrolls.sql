-- Up Migration
-- The monthly payroll (issue 14; DOMAIN.md §3, §4.3, §8): one list per commune and month of payment, built
-- before the 25th for the next month, approved by someone other than its preparer, sent to the contracted
-- payer, reconciled from the payer's confirmation (paid / not paid per line) and closed.
CREATE TABLE payrolls (
  id                BIGSERIAL PRIMARY KEY,
  commune_code      TEXT NOT NULL REFERENCES administrative_units (code),
  -- The month the list pays ('YYYY-MM'), not the month it was built in.
  month             TEXT NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  state             TEXT NOT NULL DEFAULT 'draft'
                    CHECK (state IN ('draft', 'approved', 'sent', 'reconciled', 'closed')),
  -- NULL while the builder (a workflow's activities, over batches) has not finished.
  built_at          TIMESTAMPTZ,
  -- Who prepared it: the officer who asked for the build (build-now). NULL for a list the schedule built:
  -- then the first officer to approve it is not compared with anyone (the system prepared it).
  prepared_by_user_id UUID,
  prepared_by       TEXT,
  approved_by_user_id UUID,
  approved_by       TEXT,
  approved_at       TIMESTAMPTZ,
  sent_by           TEXT,
  sent_at           TIMESTAMPTZ,
  reconciled_at     TIMESTAMPTZ,
  closed_by         TEXT,
  closed_at         TIMESTAMPTZ,
  created_at        TIMESTAMPTZ NOT NULL,
  UNIQUE (commune_code, month),
  CHECK (approved_by_user_id IS NULL OR prepared_by_user_id IS NULL OR approved_by_user_id <> prepared_by_user_id)
);
CREATE INDEX payrolls_month ON payrolls (month, commune_code);

-- One line per entitlement, month covered and kind. `line_no` is the line's number within its payroll: the
-- reference the payer's file quotes back (with the payroll's id) in its confirmation.
CREATE TABLE payroll_lines (
  id                BIGSERIAL PRIMARY KEY,
  payroll_id        BIGINT NOT NULL REFERENCES payrolls (id) ON DELETE CASCADE,
  line_no           INTEGER NOT NULL CHECK (line_no > 0),
  dossier_code      TEXT NOT NULL REFERENCES entitlements (dossier_code),
  -- monthly: the payroll's own month; arrears: an earlier month of a first payment (from the start month);
  -- base_level_back_pay: the rest of a month paid before a base level was confirmed (entitlement_arrears);
  -- one_off: funeral support and other one-off amounts; rolled_over: a line the payer did not pay, issued again.
  kind              TEXT NOT NULL
                    CHECK (kind IN ('monthly', 'arrears', 'base_level_back_pay', 'one_off', 'rolled_over')),
  -- The month the amount is for ('YYYY-MM'): every month's ledger sums the lines that cover it.
  covers_month      TEXT NOT NULL CHECK (covers_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  amount            BIGINT NOT NULL CHECK (amount > 0),
  -- issued → paid | failed; a failed line is rolled over into the next payroll and becomes reissued.
  state             TEXT NOT NULL DEFAULT 'issued' CHECK (state IN ('issued', 'paid', 'failed', 'reissued')),
  rolls_over_line_id BIGINT REFERENCES payroll_lines (id),
  paid_on           DATE,
  payer_reference   TEXT,
  confirmation_id   BIGINT,
  UNIQUE (payroll_id, line_no),
  CHECK ((kind = 'rolled_over') = (rolls_over_line_id IS NOT NULL))
);
CREATE INDEX payroll_lines_entitlement ON payroll_lines (dossier_code, covers_month);
-- A line is rolled over once.
CREATE UNIQUE INDEX payroll_lines_rolled_over_once ON payroll_lines (rolls_over_line_id)
  WHERE rolls_over_line_id IS NOT NULL;

-- The payer's confirmations: one row per file applied, keyed by the file's SHA-256 so the same file imported
-- again changes nothing.
CREATE TABLE payroll_confirmations (
  id                BIGSERIAL PRIMARY KEY,
  payroll_id        BIGINT NOT NULL REFERENCES payrolls (id) ON DELETE CASCADE,
  file_sha256       TEXT NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  lines_paid        INTEGER NOT NULL,
  lines_failed      INTEGER NOT NULL,
  imported_by       TEXT NOT NULL,
  imported_at       TIMESTAMPTZ NOT NULL,
  UNIQUE (file_sha256)
);
ALTER TABLE payroll_lines ADD CONSTRAINT payroll_lines_confirmation
  FOREIGN KEY (confirmation_id) REFERENCES payroll_confirmations (id);

-- Suspensions found by reconciliation (Decree 20: payment uncollected 3 consecutive months): the month from
-- which nothing more is issued, and the payroll whose confirmation found it. The entitlement's status becomes
-- 'suspended' in the same transaction; termination (h-end) reads this row for "3 months after an unremedied
-- suspension".
CREATE TABLE entitlement_suspensions (
  dossier_code      TEXT PRIMARY KEY REFERENCES entitlements (dossier_code),
  suspended_from_month TEXT NOT NULL CHECK (suspended_from_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  payroll_id        BIGINT NOT NULL REFERENCES payrolls (id),
  reason            TEXT NOT NULL,
  created_at        TIMESTAMPTZ NOT NULL
);

-- When the Temporal Schedule builds each unit's payroll: a province (all its communes) or one commune, on a
-- day of the month (default the 15th; the list must exist before the 25th, DOMAIN.md §8).
CREATE TABLE payroll_schedules (
  unit_code         TEXT PRIMARY KEY REFERENCES administrative_units (code),
  day_of_month      INTEGER NOT NULL DEFAULT 15 CHECK (day_of_month BETWEEN 1 AND 24),
  updated_by        TEXT NOT NULL,
  updated_at        TIMESTAMPTZ NOT NULL
);

-- Down Migration
DROP TABLE payroll_schedules;
DROP TABLE entitlement_suspensions;
ALTER TABLE payroll_lines DROP CONSTRAINT payroll_lines_confirmation;
DROP TABLE payroll_confirmations;
DROP TABLE payroll_lines;
DROP TABLE payrolls;
