-- Up Migration
-- Rules that expire (issue 12): a base level can carry its last day in force, inclusive, like
-- procedure_versions.effective_to (domain/effective-period.ts is the one definition). Calendar rules (annual
-- holidays) carry theirs in their JSON payload, validated by the domain's schema.
ALTER TABLE base_levels
  ADD COLUMN effective_to DATE,
  ADD CONSTRAINT base_levels_effective_to_after_from CHECK (effective_to IS NULL OR effective_to >= effective_from);

-- Down Migration
ALTER TABLE base_levels DROP CONSTRAINT base_levels_effective_to_after_from, DROP COLUMN effective_to;
