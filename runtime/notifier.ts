/**
 * The notifier role: the outbox dispatcher with the channels the configuration names. In development, without
 * SMTP_URL the e-mails, and without SMS_GATEWAY_URL the SMS, go to the development mailbox (kept in the outbox,
 * read by admins at /quan-tri/hop-thu), so a newcomer's `npm start` shows every message without any provider —
 * with a banner saying nothing leaves. In production that would mark every message sent while nobody hears
 * anything: with neither provider the notifier refuses to start, and a channel left unconfigured fails its
 * messages (admins are alerted) instead of pretending to send them.
 */
import type { Pool } from 'pg';
import { logLine } from '../observability/log';
import { devMailbox, PermanentDeliveryError, type Channel } from '../notifications/channels/channel';
import { smtpChannel } from '../notifications/channels/email';
import { smsGatewayChannel } from '../notifications/channels/sms-gateway';
import { createDispatcher, type DispatcherSettings } from '../notifications/dispatcher';
import { loadMessageTemplates } from '../notifications/messages';
import type { OutboxSettings } from '../notifications/outbox';
import type { Stoppable } from './app-process';
import { ConfigError, type Config } from './config';

export function outboxSettingsOf(config: Config): OutboxSettings {
  return { publicBaseUrl: config.publicBaseUrl, digestHour: config.NOTIFY_DIGEST_HOUR };
}

export function dispatcherSettingsOf(config: Config): DispatcherSettings {
  return {
    batchSize: config.NOTIFY_BATCH_SIZE,
    leaseMs: config.NOTIFY_LEASE_MS,
    maxAttempts: config.NOTIFY_MAX_ATTEMPTS,
    backoffBaseMs: config.NOTIFY_BACKOFF_BASE_MS,
    backoffMaxMs: config.NOTIFY_BACKOFF_MAX_MS,
    pollMs: config.NOTIFY_POLL_MS,
    concurrency: config.NOTIFY_CONCURRENCY,
    publicBaseUrl: config.publicBaseUrl,
  };
}

/** Production without this provider: its messages fail (and admins hear of it) rather than vanish. */
function unconfigured(variable: string): Channel {
  return {
    provider: 'unconfigured',
    async send() {
      throw new PermanentDeliveryError(`Chưa cấu hình ${variable}: không có nơi gửi tin nhắn này`);
    },
  };
}

/**
 * Refuses a production notifier with no provider at all; answers the development banner (undefined when every
 * channel has its provider).
 */
export function checkChannels(config: Config): string | undefined {
  if (config.SMTP_URL && config.SMS_GATEWAY_URL) return undefined;
  if (config.NODE_ENV === 'production') {
    if (config.SMTP_URL || config.SMS_GATEWAY_URL) return undefined;
    throw new ConfigError([
      'SMTP_URL, SMS_GATEWAY_URL: set at least one in production — without a provider the notifier would mark ' +
        'every message sent in the development mailbox and nobody would receive anything',
    ]);
  }
  const kept = [!config.SMTP_URL && 'e-mail', !config.SMS_GATEWAY_URL && 'SMS'].filter(Boolean).join(' and ');
  const line = '*'.repeat(78);
  return [
    line,
    `  DEVELOPMENT MAILBOX: ${kept} are NOT sent to anyone. They are kept in the outbox and marked`,
    '  sent to dev-mailbox; read them at /quan-tri/hop-thu (Hộp thư thử nghiệm). Set SMTP_URL /',
    '  SMS_GATEWAY_URL to deliver them.',
    line,
  ].join('\n');
}

export function channelsOf(config: Config): { email: Channel; sms: Channel } {
  const fallback = (variable: string) =>
    config.NODE_ENV === 'production' ? unconfigured(variable) : devMailbox;
  return {
    email: config.SMTP_URL
      ? smtpChannel({
          url: config.SMTP_URL,
          from: config.SMTP_FROM,
          pool: config.NOTIFY_CONCURRENCY,
          timeoutMs: config.SMTP_TIMEOUT_MS,
        })
      : fallback('SMTP_URL'),
    sms: config.SMS_GATEWAY_URL
      ? smsGatewayChannel({
          url: config.SMS_GATEWAY_URL,
          bodyTemplate: config.SMS_GATEWAY_BODY_TEMPLATE,
          timeoutMs: config.SMS_GATEWAY_TIMEOUT_MS,
          ...(config.SMS_GATEWAY_AUTH_HEADER ? { authHeader: config.SMS_GATEWAY_AUTH_HEADER } : {}),
        })
      : fallback('SMS_GATEWAY_URL'),
  };
}

/** Where each channel goes, for the start-up banner. */
export function describeChannels(config: Config): string {
  const none = config.NODE_ENV === 'production' ? 'not configured (messages fail)' : 'development mailbox';
  const email = config.SMTP_URL ? `SMTP ${new URL(config.SMTP_URL).host}` : none;
  const sms = config.SMS_GATEWAY_URL ? `gateway ${new URL(config.SMS_GATEWAY_URL).host}` : none;
  return `e-mail → ${email}; SMS → ${sms}`;
}

/** Runs the dispatcher until stopped. */
export async function runNotifier(
  config: Config,
  pool: Pool,
  log: (line: string) => void = logLine,
): Promise<Stoppable> {
  const banner = checkChannels(config);
  if (banner) log(banner);
  // The digest is rendered here: a template that does not parse stops the notifier at start.
  loadMessageTemplates();
  const channels = channelsOf(config);
  const running = createDispatcher({ pool, channels, settings: dispatcherSettingsOf(config), log }).start();
  return {
    async stop() {
      await running.stop();
      await channels.email.close?.();
      await channels.sms.close?.();
    },
  };
}
