-- Up Migration
-- Reference data proposed from a new instrument (a decree, a notice, a resolution) before it is trusted:
-- nothing reads a proposal when it computes amounts, working days or routes. An admin other than the proposer
-- confirms it (then it is added to base_levels / calendar_entries / procedure_versions in the same
-- transaction) or rejects it with a reason. `proposed_by` NULL: shipped with a release (the release's review
-- is the first person), so any admin may confirm it.
CREATE TABLE reference_proposals (
  id                   BIGSERIAL PRIMARY KEY,
  kind                 TEXT NOT NULL CHECK (kind IN ('base_level', 'calendar_notice', 'calendar_override',
                                                     'annual_holiday', 'procedure_version')),
  -- The body the direct admin endpoint of that kind takes (validated by its schema before it is stored).
  payload              JSONB NOT NULL,
  -- Where it comes from: number and symbol, issuer, date (when known), link, and a note (doubts, e.g. a date
  -- reported but unconfirmed).
  source_reference     TEXT NOT NULL,
  source_issuer        TEXT NOT NULL,
  source_date          DATE,
  source_url           TEXT,
  source_note          TEXT,
  -- DOMAIN.md's tags: verified [V] read in the legal text; secondary [S] news or official summaries;
  -- weak [S, weak] / [U] a single report or unverified.
  confidence           TEXT NOT NULL CHECK (confidence IN ('verified', 'secondary', 'weak')),
  status               TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected')),
  proposed_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
  proposed_by          TEXT,
  proposed_by_user_id  UUID,
  decided_at           TIMESTAMPTZ,
  decided_by           TEXT,
  decided_by_user_id   UUID,
  decision_reason      TEXT,
  -- What confirming it did (the stored record's key; for a base level the arrears summary).
  outcome              JSONB,
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX reference_proposals_status ON reference_proposals (status, proposed_at);

-- Arrears (truy lĩnh) owed because a base level was confirmed after months it covers had been paid at the old
-- amount: one row per entitlement, month and base-level change. The payments issue pays them.
CREATE TABLE entitlement_arrears (
  dossier_code     TEXT NOT NULL REFERENCES entitlements (dossier_code),
  month            TEXT NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  proposal_id      BIGINT NOT NULL REFERENCES reference_proposals (id),
  previous_amount  BIGINT NOT NULL,
  new_amount       BIGINT NOT NULL,
  amount           BIGINT NOT NULL CHECK (amount = new_amount - previous_amount),
  created_at       TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (dossier_code, month, proposal_id)
);
CREATE INDEX entitlement_arrears_proposal ON entitlement_arrears (proposal_id);

-- The two instruments reported in 2026 (DOMAIN.md §2), shipped unconfirmed.
INSERT INTO reference_proposals (kind, payload, source_reference, source_issuer, source_date, source_url,
                                 source_note, confidence)
VALUES
  ('base_level',
   '{"effectiveFrom": "2026-07-01", "amount": 540000, "legalBasis": "Nghị định số 335/2026/NĐ-CP của Chính phủ"}',
   'Nghị định số 335/2026/NĐ-CP', 'Chính phủ', '2026-08-21', NULL,
   'Theo tin báo chí: mức chuẩn 540.000 đồng/tháng từ ngày 01/07/2026, có truy lĩnh; ngày ký 21/08/2026 chưa được xác nhận; có thể thay thế Nghị định số 20/2021/NĐ-CP. Cần đối chiếu văn bản gốc trước khi xác nhận.',
   'weak'),
  ('annual_holiday',
   '{"id": "culture-day", "reason": "Ngày Văn hóa Việt Nam (24/11)", "month": 11, "day": 24, "firstYear": 2026, "reference": "Nghị quyết của Quốc hội năm 2026 (theo tin báo chí; số hiệu chưa rõ)"}',
   'Nghị quyết của Quốc hội (số hiệu chưa rõ)', 'Quốc hội', NULL, NULL,
   'Theo tin báo chí: ngày 24/11 "Ngày Văn hóa Việt Nam" là ngày nghỉ lễ hưởng nguyên lương từ năm 2026 (sửa khoản 1 Điều 112 Bộ luật Lao động, theo Nghị quyết 80-NQ/TW và Nghị quyết 30/NQ-CP). Cần số, ngày của nghị quyết trước khi xác nhận.',
   'secondary');

-- Down Migration
DROP TABLE entitlement_arrears;
DROP TABLE reference_proposals;
