/**
 * The notifier role: the outbox dispatcher with the channels the configuration names. Without SMTP_URL the
 * e-mails, and without SMS_GATEWAY_URL the SMS, go to the development mailbox (kept in the outbox, read by
 * admins at /quan-tri/hop-thu), so a newcomer's `npm start` shows every message without any provider.
 */
import type { Pool } from 'pg';
import { devMailbox, type Channel } from '../notifications/channels/channel';
import { smtpChannel } from '../notifications/channels/email';
import { smsGatewayChannel } from '../notifications/channels/sms-gateway';
import { createDispatcher, type DispatcherSettings } from '../notifications/dispatcher';
import type { OutboxSettings } from '../notifications/outbox';
import type { Stoppable } from './app-process';
import type { Config } from './config';

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

export function channelsOf(config: Config): { email: Channel; sms: Channel } {
  return {
    email: config.SMTP_URL
      ? smtpChannel({
          url: config.SMTP_URL,
          from: config.SMTP_FROM,
          pool: config.NOTIFY_CONCURRENCY,
          timeoutMs: config.SMTP_TIMEOUT_MS,
        })
      : devMailbox,
    sms: config.SMS_GATEWAY_URL
      ? smsGatewayChannel({
          url: config.SMS_GATEWAY_URL,
          bodyTemplate: config.SMS_GATEWAY_BODY_TEMPLATE,
          timeoutMs: config.SMS_GATEWAY_TIMEOUT_MS,
          ...(config.SMS_GATEWAY_AUTH_HEADER ? { authHeader: config.SMS_GATEWAY_AUTH_HEADER } : {}),
        })
      : devMailbox,
  };
}

/** Where each channel goes, for the start-up banner. */
export function describeChannels(config: Config): string {
  const email = config.SMTP_URL ? `SMTP ${new URL(config.SMTP_URL).host}` : 'development mailbox';
  const sms = config.SMS_GATEWAY_URL
    ? `gateway ${new URL(config.SMS_GATEWAY_URL).host}`
    : 'development mailbox';
  return `e-mail → ${email}; SMS → ${sms}`;
}

/** Runs the dispatcher until stopped. */
export async function runNotifier(
  config: Config,
  pool: Pool,
  log: (line: string) => void = (line) => console.log(line),
): Promise<Stoppable> {
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
