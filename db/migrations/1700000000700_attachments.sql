-- Up Migration
-- Files citizens and the one-stop desk upload with an application or a supplement (PDF, JPEG, PNG). The bytes
-- live in an attachment store (filesystem by default, S3-compatible in production: app/attachments/); this
-- table is what officers list and what ties a file to its dossier.
--
-- A file is stored while the request is still streaming, before the dossier exists: it is "staged" under the
-- request's random staging token (dossier_code NULL) and tied to the dossier in the transaction that creates
-- the dossier or records the supplement. Staged rows that were never tied (a refused form, a crash) are swept
-- with their files after a day (app/attachments/attachments.ts#sweepStagedAttachments).
CREATE TABLE attachments (
  id             UUID PRIMARY KEY,
  -- No foreign key: the dossiers row is written by the workflow's first activity, after the submitting
  -- transaction has committed; the code itself is taken from the unit's sequence in that transaction.
  dossier_code   TEXT,
  staging_token  TEXT,
  -- The form that sent the file (the application's form key or the supplement's id): a double submit of the
  -- same form ties its files once.
  batch          TEXT NOT NULL,
  -- What the paper is, as the citizen chose it ('Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1d)'), and the file's
  -- own name as sent (shown to officers, never trusted for the type).
  kind           TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 200),
  name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  -- Detected from the first bytes of the content, never from the name or the browser's Content-Type.
  media_type     TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes     BIGINT NOT NULL CHECK (size_bytes > 0),
  sha256         TEXT NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key    TEXT NOT NULL UNIQUE,
  -- 'citizen', 'desk' or the id of the officer who uploaded it.
  uploaded_by    TEXT NOT NULL,
  created_at     TIMESTAMPTZ NOT NULL,
  CHECK ((dossier_code IS NULL) <> (staging_token IS NULL))
);
CREATE INDEX attachments_dossier ON attachments (dossier_code, created_at);
CREATE INDEX attachments_staged ON attachments (staging_token, created_at) WHERE staging_token IS NOT NULL;

-- The receipt page of an online application (/nop-ho-so/bien-nhan/<token>): the token is 32 random bytes
-- given only to the browser that submitted the form; only its SHA-256 is kept, so a database reader cannot
-- open receipts either.
CREATE TABLE online_receipts (
  token_sha256   TEXT PRIMARY KEY CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  dossier_code   TEXT NOT NULL,
  submission     JSONB NOT NULL,
  created_at     TIMESTAMPTZ NOT NULL,
  expires_at     TIMESTAMPTZ NOT NULL
);

-- Down Migration
DROP TABLE online_receipts;
DROP TABLE attachments;
