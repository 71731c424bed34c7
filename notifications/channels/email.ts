/**
 * E-mail over SMTP with nodemailer (SMTP_URL, SMTP_FROM). The outbox row's key becomes the Message-ID, so a
 * message sent again after a crash carries the same id — but SMTP has no way to make a server refuse a
 * Message-ID it has already accepted, so such a repeat can still arrive twice (see notifications/README.md).
 */
import nodemailer from 'nodemailer';
import { PermanentDeliveryError, type Channel } from './channel';

export function smtpChannel(options: {
  url: string;
  from: string;
  pool?: number;
  timeoutMs?: number;
}): Channel {
  const timeout = options.timeoutMs ?? 30_000;
  // The URL goes inside the options: as createTransport's first argument the second would be message defaults,
  // and pooling (one connection reused for many messages) would be silently off.
  const transport = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.pool ?? 2,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const fromAddress = /<([^>]+)>/.exec(options.from)?.[1] ?? options.from;
  const domain = fromAddress.split('@')[1] ?? 'localhost';
  return {
    provider: 'smtp',
    async send(message) {
      try {
        const info = (await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject ?? '',
          text: message.body,
          messageId: `<${message.idempotencyKey}@${domain}>`,
          headers: { 'X-Outbox-Key': message.idempotencyKey },
        })) as { response?: string; messageId?: string };
        // "250 2.0.0 Ok: queued as ABC123": the server's queue id is what its logs know the message by.
        const queued = /queued as (\S+)/i.exec(info.response ?? '')?.[1];
        return { providerId: queued ?? info.messageId };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        // 5xx: the server refuses this message or address for good; 4xx and network trouble: try later.
        if (typeof code === 'number' && code >= 500 && code < 600) {
          throw new PermanentDeliveryError((error as Error).message);
        }
        throw error;
      }
    },
    async close() {
      transport.close();
    },
  };
}
