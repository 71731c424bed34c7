-- Up Migration
-- Beneficiary cards replaced (issue 14): a card reported lost gets a new number (beneficiary_cards keeps one card
-- per entitlement, the one in force); the old number stays here so a scan of the lost card is refused, never
-- taken for an unknown number or, worse, reused.
CREATE TABLE replaced_beneficiary_cards (
  card_number   TEXT PRIMARY KEY CHECK (card_number ~ '^[0-9]{14}$'),
  dossier_code  TEXT NOT NULL REFERENCES entitlements (dossier_code),
  issued_at     TIMESTAMPTZ NOT NULL,
  replaced_at   TIMESTAMPTZ NOT NULL,
  replaced_by   UUID NOT NULL,
  -- Why (the card was lost, damaged…), in the officer's words.
  reason        TEXT NOT NULL
);
CREATE INDEX replaced_beneficiary_cards_entitlement ON replaced_beneficiary_cards (dossier_code);

-- Down Migration
DROP TABLE replaced_beneficiary_cards;
