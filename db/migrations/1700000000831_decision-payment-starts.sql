-- Up Migration
-- Each clause paid starts on its own month (domain/payment-start.ts): a single parent with a disability
-- (5.4 + 5.6) is paid 5.6 from the certificate's month and 5.4 from the decision's. payment_start_month stays
-- the first month anything is paid; payment_starts lists [{ "clause": "5.4", "month": "YYYY-MM" }, …].
ALTER TABLE decisions ADD COLUMN payment_starts JSONB;

-- Down Migration
ALTER TABLE decisions DROP COLUMN payment_starts;
