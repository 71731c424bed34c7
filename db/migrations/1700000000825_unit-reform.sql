-- Up Migration
-- The two-tier local government (from 01/07/2025) abolished districts and merged communes. A unit no longer in
-- force keeps its row (dossiers, tasks, users and documents of the three-tier route point at it) and gets the
-- date it stopped being in force. A commune that hangs under its province now remembers the district it
-- belonged to, so that district's officers still reach the three-tier dossiers they handled (history).
ALTER TABLE administrative_units
  ADD COLUMN abolished_on DATE,
  ADD COLUMN former_parent_code TEXT REFERENCES administrative_units (code),
  ADD CONSTRAINT administrative_units_former_parent_not_self CHECK (former_parent_code <> code);
CREATE INDEX administrative_units_former_parent ON administrative_units (former_parent_code);

-- Down Migration
DROP INDEX administrative_units_former_parent;
ALTER TABLE administrative_units
  DROP CONSTRAINT administrative_units_former_parent_not_self,
  DROP COLUMN former_parent_code,
  DROP COLUMN abolished_on;
