-- Up Migration
-- Suspensions lifted (issue 14; DOMAIN.md §4.3): the beneficiary came back, or the ground of the suspension was
-- remedied, within the 3 months after which the allowance is terminated. Lifting deletes the suspension's row in
-- entitlement_suspensions (the payroll then pays the suspended months and issues the unpaid lines again) and
-- keeps it here, with who recorded the remedy and why: the history of a suspension outlives it.
CREATE TABLE entitlement_suspension_lifts (
  id                   BIGSERIAL PRIMARY KEY,
  dossier_code         TEXT NOT NULL REFERENCES entitlements (dossier_code),
  suspended_from_month TEXT NOT NULL CHECK (suspended_from_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  -- The reconciliation that suspended it.
  payroll_id           BIGINT NOT NULL REFERENCES payrolls (id),
  remedied_on          DATE NOT NULL,
  remedy               TEXT NOT NULL,
  lifted_by            TEXT NOT NULL,
  lifted_at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX entitlement_suspension_lifts_entitlement ON entitlement_suspension_lifts (dossier_code);

-- Down Migration
DROP TABLE entitlement_suspension_lifts;
