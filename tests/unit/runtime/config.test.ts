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
