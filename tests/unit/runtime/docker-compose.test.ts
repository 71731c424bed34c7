import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { knownConfigKeys, loadConfig } from '../../../runtime/config';

interface ComposeService {
  image?: string;
  profiles?: string[];
  healthcheck?: { test?: string[] };
  volumes?: string[];
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, unknown> | string[];
}

const compose = parse(fs.readFileSync(path.join(__dirname, '../../../docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, ComposeService> };

/** What an operator's .env might hold. */
const OPERATOR_ENV: Record<string, string> = {
  POSTGRES_PASSWORD: 's3cret',
  WEB_SECRET: 'w'.repeat(48),
  PUBLIC_BASE_URL: 'https://dichvucong.example.test',
  SMTP_URL: 'smtps://tgxh:mat-khau@mail.example.test:465',
  SMTP_FROM: 'Trợ giúp xã hội <khong-tra-loi@example.test>',
  SMS_GATEWAY_URL: 'https://sms.example.test/send',
  SMS_GATEWAY_AUTH_HEADER: 'Authorization: Bearer abc',
  SMS_GATEWAY_BODY_TEMPLATE: '{"phone":"{{to}}","message":"{{text}}","ref":"{{id}}"}',
  SMS_INBOUND_SECRET: 'i'.repeat(32),
  PAYLOAD_KEYS: `2026a:${Buffer.alloc(32, 7).toString('base64')}`,
  PAYLOAD_KEY_ID: '2026a',
  TRUST_PROXY: '1',
};
/** Only what the file requires (`${VAR:?…}`); the rest unset. */
const REQUIRED_ONLY = [
  'POSTGRES_PASSWORD',
  'WEB_SECRET',
  'PUBLIC_BASE_URL',
  'PAYLOAD_KEYS',
  'PAYLOAD_KEY_ID',
  'TRUST_PROXY',
];

/** Compose's `${VAR:?message}` / `${VAR:-default}` interpolation against `env`. */
function interpolate(value: string | number, env: Record<string, string>): string {
  return String(value).replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_m, name: string, kind, fallback) => {
    const set = env[name];
    if (set !== undefined && set !== '') return set;
    if (kind === '?') throw new Error(`${name} is required: ${fallback as string}`);
    return (fallback as string | undefined) ?? '';
  });
}

const environmentOf = (name: string, env: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(compose.services[name]?.environment ?? {}).map(([k, v]) => [k, interpolate(v, env)]),
  );

describe('docker-compose.yml', () => {
  it('runs Postgres, Temporal on that Postgres, the Temporal UI, the API, the worker and the notifier', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'api',
      'grafana',
      'notifier',
      'postgres',
      'prometheus',
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

  it.each(['api', 'worker', 'notifier'])('%s environment matches the config schema exactly', (name) => {
    const environment = compose.services[name]?.environment ?? {};
    for (const key of Object.keys(environment)) expect(knownConfigKeys).toContain(key);
    for (const env of [
      OPERATOR_ENV,
      Object.fromEntries(REQUIRED_ONLY.map((key) => [key, OPERATOR_ENV[key]!])),
    ]) {
      const config = loadConfig(environmentOf(name, env));
      // Every role runs against external services: nothing embedded in a deployment.
      expect(config.DATABASE_URL).toBe('postgres://tgxh:s3cret@postgres:5432/tgxh');
      expect(config.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(config.publicBaseUrl).toBe('https://dichvucong.example.test');
    }
  });

  it('passes each role the settings it reads: links, the inbound secret, the providers', () => {
    expect(() => environmentOf('worker', {})).toThrow(/PUBLIC_BASE_URL is required/);
    expect(environmentOf('api', OPERATOR_ENV).SMS_INBOUND_SECRET).toBe(OPERATOR_ENV.SMS_INBOUND_SECRET);
    const notifier = loadConfig(environmentOf('notifier', OPERATOR_ENV));
    expect(notifier).toMatchObject({
      SMTP_URL: OPERATOR_ENV.SMTP_URL,
      SMTP_FROM: OPERATOR_ENV.SMTP_FROM,
      SMS_GATEWAY_URL: OPERATOR_ENV.SMS_GATEWAY_URL,
      SMS_GATEWAY_AUTH_HEADER: OPERATOR_ENV.SMS_GATEWAY_AUTH_HEADER,
      SMS_GATEWAY_BODY_TEMPLATE: OPERATOR_ENV.SMS_GATEWAY_BODY_TEMPLATE,
      publicBaseUrl: OPERATOR_ENV.PUBLIC_BASE_URL,
    });
  });

  it('makes the operator say which proxy may give the client address (TRUST_PROXY, required)', () => {
    const value = String(compose.services.api?.environment?.TRUST_PROXY ?? '');
    expect(value).toMatch(/^\$\{TRUST_PROXY:\?/);
    expect(() => interpolate(value, {})).toThrow(/TRUST_PROXY is required/);
    expect(loadConfig({ TRUST_PROXY: interpolate(value, OPERATOR_ENV) }).TRUST_PROXY).toBe(1);
  });

  it('points each app service at a compiled entry point that the build produces', () => {
    expect(compose.services.api?.command).toEqual(['node', 'dist/runtime/api-main.js']);
    expect(compose.services.worker?.command).toEqual(['node', 'dist/runtime/worker-main.js']);
    for (const entry of ['api-main.ts', 'worker-main.ts']) {
      expect(fs.existsSync(path.join(__dirname, '../../../runtime', entry))).toBe(true);
    }
  });

  it('checks each app service by its readiness on the ops port it is given', () => {
    for (const name of ['api', 'worker', 'notifier']) {
      const config = loadConfig(environmentOf(name, OPERATOR_ENV));
      const probe = compose.services[name]?.healthcheck?.test?.join(' ') ?? '';
      expect(probe).toContain(`http://127.0.0.1:${config.METRICS_PORT}/health/ready`);
      // JSON lines in production, for a log collector.
      expect(config.LOG_FORMAT).toBe('json');
    }
    expect(loadConfig(environmentOf('worker', OPERATOR_ENV)).TEMPORAL_METRICS_PORT).toBe(9465);
  });

  it('monitoring (an opt-in profile) scrapes every ops port, with files that exist in deploy/', () => {
    expect(compose.services.prometheus?.profiles).toEqual(['monitoring']);
    expect(compose.services.grafana?.profiles).toEqual(['monitoring']);
    const root = path.join(__dirname, '../../..');
    for (const service of ['prometheus', 'grafana']) {
      for (const volume of compose.services[service]?.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./')) expect(fs.existsSync(path.join(root, source))).toBe(true);
      }
    }
    const prometheus = parse(
      fs.readFileSync(path.join(root, 'deploy/prometheus/prometheus.yml'), 'utf8'),
    ) as {
      scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }>;
    };
    const targets = prometheus.scrape_configs.flatMap((job) => job.static_configs.flatMap((c) => c.targets));
    expect(targets.sort()).toEqual(['api:9464', 'notifier:9464', 'worker:9464', 'worker:9465']);
  });

  it('keeps secrets out of the file', () => {
    const text = fs.readFileSync(path.join(__dirname, '../../../docker-compose.yml'), 'utf8');
    const secretLines = text.split('\n').filter((line) => /^\s*\w*(PASSWORD|PWD|SECRET|KEYS)\w*:/.test(line));
    expect(secretLines.length).toBeGreaterThan(0);
    // Required from the environment (`${X:?…}`), or optional and empty unless set (`${X:-}`).
    for (const line of secretLines) {
      expect(line.split(':').slice(1).join(':').trim()).toMatch(/^\$\{\w+(:\?.*|:-)\}$/);
    }
  });
});
