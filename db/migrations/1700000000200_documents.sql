-- Up Migration
-- Official documents (Decree 30/2020/NĐ-CP): the gapless number register, the issued documents with their
-- rendered HTML/PDF and hashes, the template sources each document was rendered with, and per-province
-- template overrides edited by admins.

-- One row per (issuer, year, symbol). The row is locked by INSERT ... ON CONFLICT DO UPDATE ... RETURNING
-- inside the transaction that stores the document, so concurrent issuers queue on it and a rolled-back
-- store gives its number back: numbers are gapless and restart at 01 with each new year (a new row).
CREATE TABLE document_number_register (
  issuer_code  TEXT NOT NULL,
  year         INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 9999),
  symbol       TEXT NOT NULL,
  last_number  INTEGER NOT NULL CHECK (last_number > 0),
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer_code, year, symbol)
);

-- Every template source set a document was rendered with, keyed by its content hash, so a stored document
-- can be re-rendered byte-for-byte from its data even after the built-in templates change.
CREATE TABLE document_template_versions (
  version      TEXT PRIMARY KEY,
  template_id  TEXT NOT NULL,
  sources      JSONB NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE documents (
  id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  -- A retried activity presents the same key and gets the stored document back without a second number.
  idempotency_key   TEXT NOT NULL UNIQUE,
  dossier_code      TEXT,
  province_code     TEXT,
  kind              TEXT NOT NULL,
  issuer_code       TEXT NOT NULL,
  -- NULL for unnumbered forms (receipt slip, process-control slip, posting list), which carry the dossier code.
  number            INTEGER CHECK (number > 0),
  symbol            TEXT,
  number_label      TEXT,
  year              INTEGER NOT NULL,
  template_id       TEXT NOT NULL,
  template_version  TEXT NOT NULL REFERENCES document_template_versions (version),
  header            JSONB NOT NULL,
  data              JSONB NOT NULL,
  html              TEXT NOT NULL,
  html_sha256       TEXT NOT NULL,
  pdf               BYTEA,
  pdf_sha256        TEXT,
  issued_on         DATE NOT NULL,
  created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
  CHECK ((number IS NULL) = (symbol IS NULL)),
  CHECK ((pdf IS NULL) = (pdf_sha256 IS NULL))
);
-- Belt and braces for the register: one document per number.
CREATE UNIQUE INDEX documents_number_unique ON documents (issuer_code, year, symbol, number) WHERE number IS NOT NULL;
CREATE INDEX documents_dossier_code ON documents (dossier_code) WHERE dossier_code IS NOT NULL;

-- Admin-edited template bodies per province. Rows are never updated: the newest row for a
-- (province, template) is the one in force, older rows are the history.
CREATE TABLE template_overrides (
  id             BIGSERIAL PRIMARY KEY,
  province_code  TEXT NOT NULL,
  template_id    TEXT NOT NULL,
  source         TEXT NOT NULL,
  version        TEXT NOT NULL,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by     TEXT NOT NULL
);
CREATE INDEX template_overrides_current ON template_overrides (province_code, template_id, id DESC);

-- Down Migration
DROP TABLE template_overrides;
DROP TABLE documents;
DROP TABLE document_template_versions;
DROP TABLE document_number_register;
