-- Up Migration
-- An adjustment decides a coefficient (DOMAIN.md §3: amount = base level × coefficient), not a sum fixed forever:
-- each month it pays the coefficient × that month's base level (domain/entitlement-months.ts#monthlyAmountFor),
-- so a base level confirmed after the decision reaches the adjusted months too. monthly_amount stays: the
-- amount the decision printed (coefficient × the base level of from_month as known then).
ALTER TABLE entitlement_amount_changes ADD COLUMN IF NOT EXISTS coefficient NUMERIC(6, 2)
  CHECK (coefficient IS NULL OR coefficient > 0);

-- Rows decided before this column: the coefficient where the amount is exactly the base level of from_month ×
-- a coefficient with two decimals. The base levels are the seeded decrees (domain/base-level.ts
-- DEFAULT_BASE_LEVELS) overridden by the levels admins stored on the same day. Other rows keep NULL and pay the
-- amount as decided.
WITH levels AS (
  SELECT DISTINCT ON (effective_from) effective_from, effective_to, amount FROM (
    SELECT effective_from::date AS effective_from, effective_to::date AS effective_to, amount::bigint AS amount,
           1 AS rank
      FROM base_levels
    UNION ALL
    SELECT d.effective_from::date, NULL::date, d.amount, 2
      FROM (VALUES ('2021-07-01', 360000::bigint), ('2024-07-01', 500000::bigint)) AS d (effective_from, amount)
  ) merged
  ORDER BY effective_from, rank
),
base_of_change AS (
  SELECT c.entitlement_code, c.decided_by_dossier, c.monthly_amount,
         (SELECT CASE WHEN l.effective_to IS NULL OR l.effective_to >= (c.from_month || '-01')::date THEN l.amount END
            FROM levels l WHERE l.effective_from <= (c.from_month || '-01')::date
           ORDER BY l.effective_from DESC LIMIT 1) AS base
    FROM entitlement_amount_changes c
   WHERE c.coefficient IS NULL
)
UPDATE entitlement_amount_changes c
   SET coefficient = (b.monthly_amount * 100 / b.base)::numeric / 100
  FROM base_of_change b
 WHERE c.entitlement_code = b.entitlement_code AND c.decided_by_dossier = b.decided_by_dossier
   AND b.base IS NOT NULL AND (b.monthly_amount * 100) % b.base = 0;

-- Down Migration
ALTER TABLE entitlement_amount_changes DROP COLUMN IF EXISTS coefficient;
