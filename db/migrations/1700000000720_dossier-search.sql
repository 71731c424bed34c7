-- Up Migration
-- Officers search dossiers by the beneficiary's or applicant's name without typing diacritics ("tran van bay"
-- finds "Trần Văn Bảy"). The folding rule lives here, once: lower case, NFD, combining marks removed, đ → d.
CREATE FUNCTION fold_vietnamese(input text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN translate(regexp_replace(normalize(lower(input), NFD), '[\u0300-\u036f]', '', 'g'), 'đ', 'd');

ALTER TABLE dossiers
  ADD COLUMN names_folded text GENERATED ALWAYS AS (
    fold_vietnamese(beneficiary_name) || ' | ' || fold_vietnamese(applicant_name)
  ) STORED;

CREATE INDEX dossiers_received_on ON dossiers (received_on DESC, code DESC);

-- Down Migration
DROP INDEX dossiers_received_on;
ALTER TABLE dossiers DROP COLUMN names_folded;
DROP FUNCTION fold_vietnamese(text);
