import { ConfigError, loadConfig } from '../../../runtime/config';

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
});
