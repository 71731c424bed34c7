-- Up Migration
-- Changes to a monthly entitlement decided as dossiers of their own (issue 14; domain/entitlement-changes.ts):
-- termination, adjustment of the amount, relocation to another commune.

-- The request an officer made, kept under the change dossier's code from the transaction that takes the code
-- (like received_applications: the workflow's input carries no facts about the person). No foreign key to
-- dossiers: that row is written later, by the dossier_received projection.
CREATE TABLE entitlement_changes (
  dossier_code        TEXT PRIMARY KEY,
  entitlement_code    TEXT NOT NULL REFERENCES entitlements (dossier_code),
  kind                TEXT NOT NULL CHECK (kind IN ('termination', 'adjustment', 'relocation')),
  -- termination: the ground (domain TERMINATION_REASONS) and the event's legal date.
  reason_code         TEXT,
  event_date          DATE,
  -- adjustment: the new amount and the month it is paid from.
  from_month          TEXT CHECK (from_month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  new_monthly_amount  BIGINT CHECK (new_monthly_amount > 0),
  -- relocation: the commune moved to (event_date holds the relocation date).
  new_commune_code    TEXT REFERENCES administrative_units (code),
  -- The officer's words: the adjustment's reason, details of a termination or relocation.
  details             TEXT,
  requested_by        TEXT NOT NULL,
  requested_at        TIMESTAMPTZ NOT NULL,
  -- Set by the decision's projection: the effect applied (one decision per dossier, so once).
  applied_at          TIMESTAMPTZ
);
CREATE INDEX entitlement_changes_entitlement ON entitlement_changes (entitlement_code);

-- Amounts decided by adjustments: from `from_month` on the entitlement pays `monthly_amount`
-- (domain/entitlement-months.ts#monthlyAmountFor reads them; the latest from_month not after a month wins).
CREATE TABLE entitlement_amount_changes (
  entitlement_code    TEXT NOT NULL REFERENCES entitlements (dossier_code),
  from_month          TEXT NOT NULL CHECK (from_month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  monthly_amount      BIGINT NOT NULL CHECK (monthly_amount > 0),
  -- The adjustment dossier whose decision set it (or the relocation that carried it to a new entitlement).
  decided_by_dossier  TEXT NOT NULL,
  decided_on          DATE NOT NULL,
  created_at          TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (entitlement_code, decided_by_dossier)
);

-- A relocation's new entitlement names the one it continues (the payroll pays one of the two each month).
ALTER TABLE entitlements ADD COLUMN IF NOT EXISTS continues_from TEXT REFERENCES entitlements (dossier_code);

-- Down Migration
ALTER TABLE entitlements DROP COLUMN IF EXISTS continues_from;
DROP TABLE entitlement_amount_changes;
DROP TABLE entitlement_changes;
