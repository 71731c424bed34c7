/** What every way of delivering a message (SMTP, SMS gateway, development mailbox) offers the dispatcher. */
export interface OutgoingMessage {
  /**
   * Stable for the row whatever the attempt: the SMS gateway's Idempotency-Key, the e-mail's Message-ID. A
   * provider that honours it delivers a message once however often a crashed dispatcher sends it again.
   */
  idempotencyKey: string;
  to: string;
  subject?: string;
  body: string;
}

export interface Delivered {
  /** The provider's own id of the message (gateway id, SMTP queue id), when it gives one. */
  providerId?: string;
}

export interface Channel {
  /** Recorded with each attempt: 'smtp', 'sms-gateway', 'dev-mailbox'. */
  readonly provider: string;
  send(message: OutgoingMessage): Promise<Delivered>;
  close?(): Promise<void>;
}

/**
 * A refusal that trying again will not change (an address the server rejects, a 4xx from the gateway other
 * than timeouts and rate limits): the message fails at once instead of using up its retries.
 */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

/** The development mailbox: without SMTP_URL or SMS_GATEWAY_URL messages stay in the outbox, marked sent
 * there, for admins to read at /quan-tri/hop-thu and GET /api/admin/outbox. */
export const devMailbox: Channel = {
  provider: 'dev-mailbox',
  async send() {
    return {};
  },
};
