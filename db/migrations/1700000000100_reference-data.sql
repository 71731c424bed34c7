-- Up Migration
-- Reference data that admins maintain and the dossier workflow reads through activities.

-- Administrative units (official unit codes: 2-digit provinces, 3-digit districts, 5-digit communes).
CREATE TABLE administrative_units (
  code         TEXT PRIMARY KEY CHECK (code ~ '^[0-9]{2,5}$'),
  name         TEXT NOT NULL,
  level        TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  parent_code  TEXT REFERENCES administrative_units (code),
  -- Place name used on documents ("Đồng Nai, ngày …") and the issuing body's name.
  place_name   TEXT,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX administrative_units_parent ON administrative_units (parent_code);

-- Procedure versions published by admins (the seeded definitions in domain/procedures/seeds apply when no
-- published version covers a date). A dossier snapshots the version in force on its receipt date.
CREATE TABLE procedure_versions (
  procedure_id    TEXT NOT NULL,
  version         INTEGER NOT NULL CHECK (version > 0),
  effective_from  DATE NOT NULL,
  effective_to    DATE,
  definition      JSONB NOT NULL,
  published_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  published_by    TEXT,
  PRIMARY KEY (procedure_id, version),
  CHECK (effective_to IS NULL OR effective_to >= effective_from)
);

-- Working-calendar data layered over the holiday rules (domain/calendar/calendar-data.ts):
-- kind 'notice' = a yearly official notice, 'override' = a provincial override, 'annual_holiday' = a holiday
-- added by a later law. payload is validated by the domain's zod schema before it is stored.
CREATE TABLE calendar_entries (
  id          BIGSERIAL PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('notice', 'override', 'annual_holiday')),
  payload     JSONB NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by  TEXT
);

-- Base level (mức chuẩn trợ giúp xã hội) by effective date; the domain table applies when this is empty.
CREATE TABLE base_levels (
  effective_from  DATE PRIMARY KEY,
  amount          BIGINT NOT NULL CHECK (amount > 0),
  legal_basis     TEXT NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  created_by      TEXT
);

-- Down Migration
DROP TABLE base_levels;
DROP TABLE calendar_entries;
DROP TABLE procedure_versions;
DROP TABLE administrative_units;
