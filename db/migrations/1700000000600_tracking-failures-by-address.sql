-- Up Migration
-- Wrong tracking second factors are also counted per client address across every dossier code (someone who
-- knows a phone number must not walk through a commune's codes): an index for that count and its pruning.
CREATE INDEX tracking_failures_address ON tracking_failures (client_ip, attempted_at);

-- Down Migration
DROP INDEX tracking_failures_address;
