-- Up Migration
-- Form 07 (sổ theo dõi hồ sơ) reads a unit's dossiers by receipt day and code, a page at a time.
CREATE INDEX dossiers_register ON dossiers (commune_code, received_on, code);

-- Down Migration
DROP INDEX dossiers_register;
