-- Up Migration
-- Payees (issue 14, DOMAIN.md §8): how each entitlement is paid, keyed by the entitlement's dossier code as the
-- payment helpers agreed (the payroll export joins this table when a row is present). Directive 21/CT-TTg
-- (2022) makes payment into the beneficiary's account the rule and cash the exception, so cash carries its
-- written reason. Exactly the chosen method's fields are filled (the CHECKs repeat app/payments' rule so a
-- stray write cannot store a half method).
CREATE TABLE payees (
  dossier_code        TEXT PRIMARY KEY REFERENCES entitlements (dossier_code),
  -- Grows by one with every change; a save names the version it edited (409 PAYEE_CHANGED when stale).
  version             INTEGER NOT NULL CHECK (version >= 1),
  method              TEXT NOT NULL CHECK (method IN ('bank_account', 'e_wallet', 'cash')),
  bank_code           TEXT,
  account_number      TEXT,
  account_holder      TEXT,
  wallet_provider     TEXT,
  wallet_phone        TEXT,
  cash_reason         TEXT,
  -- An authorised recipient (người được ủy quyền nhận thay), or none: the beneficiary collects in person.
  -- The ID number is sensitive: masked on pages and in the API unless revealed (audited), never logged.
  recipient_name      TEXT,
  recipient_relation  TEXT,
  recipient_id_number TEXT,
  updated_at          TIMESTAMPTZ NOT NULL,
  updated_by          UUID NOT NULL,
  CHECK ((method = 'bank_account') = (bank_code IS NOT NULL AND account_number IS NOT NULL AND account_holder IS NOT NULL)),
  CHECK ((method = 'e_wallet') = (wallet_provider IS NOT NULL AND wallet_phone IS NOT NULL)),
  CHECK ((method = 'cash') = (cash_reason IS NOT NULL)),
  CHECK ((recipient_name IS NULL) = (recipient_relation IS NULL)),
  CHECK ((recipient_name IS NULL) = (recipient_id_number IS NULL))
);

-- Every version ever saved, the current one included: who changed what and when (the audit log names the
-- change and the fields; the values live here, where only the payee's readers reach them).
CREATE TABLE payee_history (LIKE payees INCLUDING CONSTRAINTS, PRIMARY KEY (dossier_code, version));

-- Beneficiary cards (thẻ chi trả): one number per entitlement, printed with a QR code the payer scans to find
-- the payroll line. The number carries no personal data: commune code, a serial, ISO 7064 MOD 97-10 check
-- digits (domain/card-number.ts).
CREATE SEQUENCE beneficiary_card_serial MAXVALUE 9999999 NO CYCLE;
CREATE TABLE beneficiary_cards (
  dossier_code  TEXT PRIMARY KEY REFERENCES entitlements (dossier_code),
  card_number   TEXT NOT NULL UNIQUE CHECK (card_number ~ '^[0-9]{14}$'),
  issued_at     TIMESTAMPTZ NOT NULL,
  issued_by     UUID NOT NULL
);

-- Down Migration
DROP TABLE beneficiary_cards;
DROP SEQUENCE beneficiary_card_serial;
DROP TABLE payee_history;
DROP TABLE payees;
