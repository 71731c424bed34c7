/**
 * Where the notifier sends: in production never into the development mailbox (which marks messages sent
 * while nobody receives them); in development there, with a banner that says so.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PermanentDeliveryError } from '../../../notifications/channels/channel';
import { ConfigError, loadConfig } from '../../../runtime/config';
import { channelsOf, checkChannels } from '../../../runtime/notifier';

/** What production needs besides the providers (the keys that encrypt Temporal payloads). */
const PRODUCTION = {
  NODE_ENV: 'production',
  PAYLOAD_KEYS: `2026a:${Buffer.alloc(32, 7).toString('base64')}`,
  PAYLOAD_KEY_ID: '2026a',
};
const message = { idempotencyKey: 'tgxh-outbox-1', to: '+84912345678', body: 'Hồ sơ đã được tiếp nhận' };

test('production with no provider: refused, naming the variables', () => {
  expect(() => checkChannels(loadConfig(PRODUCTION))).toThrow(ConfigError);
  expect(() => checkChannels(loadConfig(PRODUCTION))).toThrow(/SMTP_URL, SMS_GATEWAY_URL/);
});

test('production with e-mail only: SMS fail (admins are alerted) instead of being marked sent', async () => {
  const config = loadConfig({ ...PRODUCTION, SMTP_URL: 'smtp://mail.example.test:587' });
  expect(checkChannels(config)).toBeUndefined();
  const channels = channelsOf(config);
  expect(channels.sms.provider).toBe('unconfigured');
  await expect(channels.sms.send(message)).rejects.toBeInstanceOf(PermanentDeliveryError);
  await expect(channels.sms.send(message)).rejects.toThrow('Chưa cấu hình SMS_GATEWAY_URL');
  await channels.email.close?.();
});

test('development keeps the mailbox, with a banner', () => {
  const config = loadConfig({ NODE_ENV: 'development' });
  expect(channelsOf(config).email.provider).toBe('dev-mailbox');
  expect(checkChannels(config)).toMatch(/DEVELOPMENT MAILBOX: e-mail and SMS are NOT sent to anyone/);
});

test('`npm run notifier` in production with no provider exits at once with the reason', async () => {
  const root = path.join(__dirname, '..', '..', '..');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'runtime', 'notifier-main.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...PRODUCTION,
      // Never reached: the check comes before the database.
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(stderr).toContain('SMTP_URL, SMS_GATEWAY_URL: set at least one in production');
});
