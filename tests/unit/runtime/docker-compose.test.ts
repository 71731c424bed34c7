import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { configSchema, knownConfigKeys } from '../../../runtime/config';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, unknown> | string[];
}

const compose = parse(fs.readFileSync(path.join(__dirname, '../../../docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, ComposeService> };

/** Stand-ins for the secrets the operator provides. */
const STAND_INS: Record<string, string> = {
  POSTGRES_PASSWORD: 's3cret',
  WEB_SECRET: 'w'.repeat(48),
  PAYLOAD_KEYS: `2026a:${Buffer.alloc(32, 7).toString('base64')}`,
  PAYLOAD_KEY_ID: '2026a',
  TRUST_PROXY: '1',
};

/** Compose's `${VAR:?message}` / `${VAR:-default}` interpolation, with stand-in secrets. */
function interpolate(value: string | number): string {
  return String(value).replace(
    /\$\{(\w+)(?::[?-]([^}]*))?\}/g,
    (_m, name: string) => STAND_INS[name] ?? `<${name}>`,
  );
}

describe('docker-compose.yml', () => {
  it('runs Postgres, Temporal on that Postgres, the Temporal UI, the API, the worker and the notifier', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'api',
      'notifier',
      'postgres',
      'temporal',
      'temporal-ui',
      'worker',
    ]);
    expect(compose.services.temporal?.environment).toMatchObject({
      DB: 'postgres12',
      POSTGRES_SEEDS: 'postgres',
    });
    expect(compose.services.api?.build).toBe('.');
    expect(compose.services.worker?.build).toBe('.');
    expect(compose.services.notifier?.command).toEqual(['node', 'dist/runtime/notifier-main.js']);
  });

  it.each(['api', 'worker'])('%s environment matches the config schema exactly', (name) => {
    const environment = compose.services[name]?.environment ?? {};
    for (const key of Object.keys(environment)) expect(knownConfigKeys).toContain(key);
    const env = Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, interpolate(v)]));
    const parsed = configSchema.safeParse(env);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    // Both roles run against external services: nothing embedded in a deployment.
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/tgxh:s3cret@postgres:5432\/tgxh$/);
    expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('makes the operator say which proxy may give the client address (TRUST_PROXY, required)', () => {
    const value = String(compose.services.api?.environment?.TRUST_PROXY ?? '');
    expect(value).toMatch(/^\$\{TRUST_PROXY:\?/);
    expect(configSchema.parse({ TRUST_PROXY: interpolate(value) }).TRUST_PROXY).toBe(1);
  });

  it('points each app service at a compiled entry point that the build produces', () => {
    expect(compose.services.api?.command).toEqual(['node', 'dist/runtime/api-main.js']);
    expect(compose.services.worker?.command).toEqual(['node', 'dist/runtime/worker-main.js']);
    for (const entry of ['api-main.ts', 'worker-main.ts']) {
      expect(fs.existsSync(path.join(__dirname, '../../../runtime', entry))).toBe(true);
    }
  });

  it('keeps secrets out of the file', () => {
    const text = fs.readFileSync(path.join(__dirname, '../../../docker-compose.yml'), 'utf8');
    const secretLines = text.split('\n').filter((line) => /^\s*\w*(PASSWORD|PWD|SECRET|KEYS)\w*:/.test(line));
    expect(secretLines.length).toBeGreaterThan(0);
    for (const line of secretLines) expect(line.split(':').slice(1).join(':').trim()).toMatch(/^\$\{\w+:\?/);
  });
});
