-- Up Migration
-- The dossier read model. Written only by the dossier workflow's activities, one transaction per workflow
-- event, keyed by (dossier_code, seq) so retries and replays never write twice. Temporal owns the process;
-- these tables are what inboxes, citizen tracking and reports query.

-- Per unit and receipt day sequence for dossier codes <unit>-<YYMMDD>-<NNNN>.
CREATE TABLE dossier_code_sequences (
  unit_code    TEXT NOT NULL,
  received_on  DATE NOT NULL,
  last_value   INTEGER NOT NULL CHECK (last_value BETWEEN 1 AND 9999),
  PRIMARY KEY (unit_code, received_on)
);

CREATE TABLE dossiers (
  code               TEXT PRIMARY KEY,
  procedure_id       TEXT NOT NULL,
  procedure_version  INTEGER NOT NULL,
  procedure_title    TEXT NOT NULL,
  tier               TEXT NOT NULL,
  channel            TEXT NOT NULL CHECK (channel IN ('walk_in', 'online')),
  -- received → awaiting_intake_check → in_progress ⇄ awaiting_supplement → completed | refused | intake_refused
  status             TEXT NOT NULL,
  current_step_key   TEXT,
  current_step_title TEXT,
  current_due_date   DATE,
  appointment_date   DATE,
  -- Trước hạn / Đúng hạn / Quá hạn: of the dossier as a whole, against the appointment date.
  on_time_status     TEXT,
  overdue            BOOLEAN NOT NULL DEFAULT false,
  clock_stopped      BOOLEAN NOT NULL DEFAULT false,
  commune_code       TEXT NOT NULL,
  district_code      TEXT,
  province_code      TEXT NOT NULL,
  applicant_name     TEXT NOT NULL,
  applicant_phone    TEXT NOT NULL,
  -- Last four digits of the applicant's ID number: the citizen's second factor for tracking.
  applicant_id_last4 TEXT,
  beneficiary_name   TEXT NOT NULL,
  -- The full application, sensitive fields included: never returned by public endpoints.
  application        JSONB NOT NULL,
  received_at        TIMESTAMPTZ NOT NULL,
  received_on        DATE NOT NULL,
  accepted_on        DATE,
  finished_on        DATE,
  result             TEXT,
  last_seq           INTEGER NOT NULL DEFAULT 0,
  updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX dossiers_commune ON dossiers (commune_code, status);
CREATE INDEX dossiers_district ON dossiers (district_code, status);

-- Timeline: every workflow event, in order. Also the idempotency ledger of the read model.
CREATE TABLE dossier_events (
  dossier_code  TEXT NOT NULL REFERENCES dossiers (code) DEFERRABLE INITIALLY DEFERRED,
  seq           INTEGER NOT NULL CHECK (seq > 0),
  type          TEXT NOT NULL,
  at            TIMESTAMPTZ NOT NULL,
  legal_date    DATE NOT NULL,
  actor         TEXT,
  step_key      TEXT,
  task_id       TEXT,
  reason        TEXT,
  data          JSONB NOT NULL DEFAULT '{}',
  PRIMARY KEY (dossier_code, seq)
);

CREATE TABLE tasks (
  id             TEXT PRIMARY KEY,
  dossier_code   TEXT NOT NULL REFERENCES dossiers (code),
  kind           TEXT NOT NULL CHECK (kind IN ('intake_check', 'step', 'complaint')),
  step_key       TEXT NOT NULL,
  title          TEXT NOT NULL,
  role           TEXT NOT NULL,
  unit_level     TEXT NOT NULL,
  unit_code      TEXT NOT NULL,
  -- open → done | cancelled
  status         TEXT NOT NULL,
  outcomes       TEXT[] NOT NULL,
  bulk_allowed   BOOLEAN NOT NULL DEFAULT false,
  claimed_by     TEXT,
  claimed_at     TIMESTAMPTZ,
  opened_on      DATE NOT NULL,
  due_date       DATE NOT NULL,
  overdue        BOOLEAN NOT NULL DEFAULT false,
  reminded       BOOLEAN NOT NULL DEFAULT false,
  escalations    INTEGER NOT NULL DEFAULT 0,
  completed_at   TIMESTAMPTZ,
  completed_on   DATE,
  completed_by   TEXT,
  outcome        TEXT,
  reason         TEXT,
  on_time_status TEXT,
  created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX tasks_inbox ON tasks (unit_code, role, status, due_date);
CREATE INDEX tasks_dossier ON tasks (dossier_code);

-- Every change of a due date (step or appointment), with its reason.
CREATE TABLE due_date_changes (
  dossier_code  TEXT NOT NULL,
  seq           INTEGER NOT NULL,
  target        TEXT NOT NULL CHECK (target IN ('appointment', 'task')),
  task_id       TEXT,
  old_date      DATE,
  new_date      DATE NOT NULL,
  reason        TEXT NOT NULL,
  changed_at    TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (dossier_code, seq, target),
  FOREIGN KEY (dossier_code, seq) REFERENCES dossier_events (dossier_code, seq)
);

-- Form 06 (phiếu kiểm soát quá trình giải quyết hồ sơ): one row per hand-over.
CREATE TABLE control_slip_entries (
  dossier_code    TEXT NOT NULL,
  seq             INTEGER NOT NULL,
  step_key        TEXT NOT NULL,
  sender          TEXT NOT NULL,
  receiver        TEXT NOT NULL,
  handed_over_at  TIMESTAMPTZ NOT NULL,
  due_date        DATE,
  on_time_status  TEXT NOT NULL,
  PRIMARY KEY (dossier_code, seq),
  FOREIGN KEY (dossier_code, seq) REFERENCES dossier_events (dossier_code, seq)
);

CREATE TABLE decisions (
  dossier_code       TEXT PRIMARY KEY REFERENCES dossiers (code),
  number_label       TEXT NOT NULL,
  signed_on          DATE NOT NULL,
  issuer_code        TEXT NOT NULL,
  kind               TEXT NOT NULL,
  monthly_amount     BIGINT,
  one_off_amount     BIGINT,
  in_kind            JSONB,
  base_level         BIGINT NOT NULL,
  coefficient        NUMERIC(6, 2),
  clauses            TEXT[] NOT NULL DEFAULT '{}',
  payment_start_month TEXT,
  document_id        TEXT,
  created_at         TIMESTAMPTZ NOT NULL
);

CREATE TABLE entitlements (
  dossier_code       TEXT PRIMARY KEY REFERENCES dossiers (code),
  beneficiary_name   TEXT NOT NULL,
  kind               TEXT NOT NULL,
  monthly_amount     BIGINT,
  one_off_amount     BIGINT,
  start_month        TEXT,
  payer_role         TEXT NOT NULL,
  commune_code       TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('active', 'paid', 'suspended', 'terminated')),
  created_at         TIMESTAMPTZ NOT NULL
);

-- Outbox of notifications (reminders, escalations, citizen notices) for a delivery process to send.
CREATE TABLE notifications (
  id            BIGSERIAL PRIMARY KEY,
  dossier_code  TEXT NOT NULL,
  seq           INTEGER NOT NULL,
  audience      TEXT NOT NULL,
  role          TEXT,
  unit_code     TEXT,
  kind          TEXT NOT NULL,
  message       TEXT NOT NULL,
  created_at    TIMESTAMPTZ NOT NULL,
  sent_at       TIMESTAMPTZ,
  UNIQUE (dossier_code, seq, audience, role)
);

-- Down Migration
DROP TABLE notifications;
DROP TABLE entitlements;
DROP TABLE decisions;
DROP TABLE control_slip_entries;
DROP TABLE due_date_changes;
DROP TABLE tasks;
DROP TABLE dossier_events;
DROP TABLE dossiers;
DROP TABLE dossier_code_sequences;
