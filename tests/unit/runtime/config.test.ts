import { ConfigError, loadConfig, poolSettingsOf } from '../../../runtime/config';

describe('loadConfig', () => {
  it('gives embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      TEMPORAL_NAMESPACE: 'default',
      TASK_QUEUE: 'tgxh-dossiers',
      DATA_DIR: 'data',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.TEMPORAL_ADDRESS).toBeUndefined();
  });

  it('treats empty strings as unset, as compose files and CI systems write them', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });

  it('names every bad variable and says what is expected', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://db/x', TEMPORAL_ADDRESS: 'http://temporal' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    expect(issues).toMatch(/^PORT: /m);
    expect(issues).toMatch(/^DATABASE_URL: must be a URL starting with postgres:\/\/ or postgresql:\/\//m);
    expect(issues).toMatch(/^TEMPORAL_ADDRESS: must look like host:port/m);
  });

  it('rejects out-of-range ports and unknown log levels', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(ConfigError);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('has ops ports, log format and retention periods an operator can change and cannot get wrong', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({
      METRICS_PORT: 9464,
      TEMPORAL_METRICS_PORT: 9465,
      RETENTION_EVERY_MINUTES: 60,
      RETENTION_IDEMPOTENCY_DAYS: 2,
      RETENTION_THROTTLE_DAYS: 1,
      RETENTION_OUTBOX_DAYS: 90,
    });
    expect(defaults.LOG_FORMAT).toBeUndefined(); // pretty in development, JSON elsewhere (runtime/logging.ts)
    expect(loadConfig({ METRICS_PORT: '0', TEMPORAL_METRICS_PORT: '0' })).toMatchObject({
      METRICS_PORT: 0,
      TEMPORAL_METRICS_PORT: 0,
    });
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
    // Idempotency keys are replayed for 24 hours: a purge inside that day would let a retry act twice.
    expect(() => loadConfig({ RETENTION_IDEMPOTENCY_DAYS: '0' })).toThrow(/RETENTION_IDEMPOTENCY_DAYS/);
    expect(() => loadConfig({ RETENTION_EVERY_MINUTES: '0' })).toThrow(/RETENTION_EVERY_MINUTES/);
  });

  it('wants the notifier’s lease longer than a send can take, with a margin', () => {
    const gateway = { SMS_GATEWAY_URL: 'https://sms.example.test/send', SMS_GATEWAY_TIMEOUT_MS: '10000' };
    expect(() => loadConfig({ ...gateway, NOTIFY_LEASE_MS: '15000' })).toThrow(
      /NOTIFY_LEASE_MS: must be at least 20000 ms/,
    );
    expect(loadConfig({ ...gateway, NOTIFY_LEASE_MS: '20000' }).NOTIFY_LEASE_MS).toBe(20_000);
    const smtp = { SMTP_URL: 'smtp://mail.example.test:587', SMTP_TIMEOUT_MS: '30000' };
    expect(() => loadConfig({ ...smtp, NOTIFY_LEASE_MS: '120000' })).toThrow(/at least 180000 ms/);
    // The defaults agree with each other.
    expect(() => loadConfig({ ...gateway, SMTP_URL: 'smtp://mail.example.test:587' })).not.toThrow();
  });

  describe('payload keys', () => {
    const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
    const issuesOf = (env: Record<string, string>): string => {
      try {
        loadConfig(env);
      } catch (error) {
        if (error instanceof ConfigError) return error.issues.join('\n');
        throw error;
      }
      return '';
    };

    it('are required in production, optional elsewhere (a development key is generated then)', () => {
      expect(issuesOf({ NODE_ENV: 'production' })).toMatch(/^PAYLOAD_KEYS: required in production/m);
      expect(issuesOf({ NODE_ENV: 'development' })).toBe('');
      expect(issuesOf({ NODE_ENV: 'test' })).toBe('');
    });

    it('accept several keys, the current one named by PAYLOAD_KEY_ID (rotation)', () => {
      const config = loadConfig({
        NODE_ENV: 'production',
        PAYLOAD_KEYS: `2026a:${key(1)}, 2025b:${key(2)}`,
        PAYLOAD_KEY_ID: '2026a',
      });
      expect(config.PAYLOAD_KEY_ID).toBe('2026a');
    });

    it('name what is wrong without ever printing key material', () => {
      const short = Buffer.alloc(16, 9).toString('base64');
      const issues = issuesOf({
        PAYLOAD_KEYS: `a:${key(1)},b:${short},a:${key(3)},nocolon`,
        PAYLOAD_KEY_ID: 'a',
      });
      expect(issues).toMatch(/PAYLOAD_KEYS: key "b": must be 32 random bytes in base64/);
      expect(issues).toMatch(/PAYLOAD_KEYS: key "a" appears twice/);
      expect(issues).toMatch(/PAYLOAD_KEYS: entry 4: must be id:base64key/);
      for (const material of [key(1), short, key(3)]) expect(issues).not.toContain(material);
    });

    it('need PAYLOAD_KEY_ID to be one of them, and each needs the other', () => {
      expect(issuesOf({ PAYLOAD_KEYS: `a:${key(1)}`, PAYLOAD_KEY_ID: 'b' })).toMatch(
        /^PAYLOAD_KEY_ID: "b" is not an id in PAYLOAD_KEYS/m,
      );
      expect(issuesOf({ PAYLOAD_KEYS: `a:${key(1)}` })).toMatch(
        /^PAYLOAD_KEY_ID: required with PAYLOAD_KEYS/m,
      );
      expect(issuesOf({ PAYLOAD_KEY_ID: 'a' })).toMatch(
        /^PAYLOAD_KEYS: required when PAYLOAD_KEY_ID is set/m,
      );
    });
  });

  describe('TRUST_PROXY', () => {
    it.each([
      [undefined, false],
      ['false', false],
      ['0', false],
      ['1', 1],
      ['10.0.0.0/8, 192.168.1.10', ['10.0.0.0/8', '192.168.1.10']],
      ['loopback,fd00::/8', ['loopback', 'fd00::/8']],
    ])('%s → %j', (value, expected) => {
      expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
    });

    it.each(['true', 'proxy.local', '10.0.0.0/33', '1.2.3', '11'])(
      'refuses %s, naming the variable',
      (value) => {
        expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY: must be false, a hop count/);
      },
    );
  });

  it('bounds every wait on Postgres and Temporal, with defaults and named errors', () => {
    const config = loadConfig({ PG_POOL_MAX: '25', PG_STATEMENT_TIMEOUT_MS: '12000' });
    expect(poolSettingsOf(config)).toEqual({
      max: 25,
      connectTimeoutMs: 5_000,
      statementTimeoutMs: 12_000,
      lockTimeoutMs: 10_000,
      idleInTransactionTimeoutMs: 60_000,
    });
    expect(config).toMatchObject({ TEMPORAL_CALL_TIMEOUT_MS: 15_000, SHUTDOWN_GRACE_MS: 10_000 });
    expect(() => loadConfig({ PG_POOL_MAX: '0' })).toThrow(/^ {2}- PG_POOL_MAX: /m);
    expect(() => loadConfig({ PG_LOCK_TIMEOUT_MS: 'soon' })).toThrow(/PG_LOCK_TIMEOUT_MS/);
    expect(() => loadConfig({ TEMPORAL_CALL_TIMEOUT_MS: '10' })).toThrow(/TEMPORAL_CALL_TIMEOUT_MS/);
  });
});
