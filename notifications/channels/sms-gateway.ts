/**
 * SMS through an HTTP gateway (SMS_GATEWAY_URL): one POST per message, its JSON body from
 * SMS_GATEWAY_BODY_TEMPLATE with {{to}}, {{text}} and {{id}} filled in, the auth header from
 * SMS_GATEWAY_AUTH_HEADER, and `Idempotency-Key` set to the outbox row's key so a gateway that honours it
 * delivers a repeat once. 2xx is delivered; 408, 429, 5xx, timeouts and network errors are tried again;
 * other 4xx are permanent.
 */
import { PermanentDeliveryError, type Channel } from './channel';

export interface SmsGatewayOptions {
  url: string;
  bodyTemplate: string;
  /** `Header-Name: value`. */
  authHeader?: string;
  timeoutMs: number;
}

/** Replaces the placeholders inside every string of the parsed template, so values never need escaping. */
function fill(template: unknown, values: Record<string, string>): unknown {
  if (typeof template === 'string') {
    return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
  }
  if (Array.isArray(template)) return template.map((item) => fill(item, values));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, fill(value, values)]));
  }
  return template;
}

function providerIdOf(answer: unknown): string | undefined {
  if (!answer || typeof answer !== 'object') return undefined;
  for (const key of ['id', 'messageId', 'message_id', 'smsId']) {
    const value = (answer as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return undefined;
}

export function smsGatewayChannel(options: SmsGatewayOptions): Channel {
  const template: unknown = JSON.parse(options.bodyTemplate);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.authHeader) {
    const colon = options.authHeader.indexOf(':');
    headers[options.authHeader.slice(0, colon).trim()] = options.authHeader.slice(colon + 1).trim();
  }
  return {
    provider: 'sms-gateway',
    async send(message) {
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': message.idempotencyKey },
          body: JSON.stringify(
            fill(template, { to: message.to, text: message.body, id: message.idempotencyKey }),
          ),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        const name = (error as Error).name;
        throw new Error(
          name === 'TimeoutError'
            ? `Cổng SMS không trả lời sau ${options.timeoutMs} ms`
            : `Không kết nối được cổng SMS: ${(error as Error).message}`,
        );
      }
      const text = await response.text().catch(() => '');
      if (response.ok) {
        let answer: unknown;
        try {
          answer = JSON.parse(text);
        } catch {
          answer = undefined;
        }
        const providerId = providerIdOf(answer);
        return providerId ? { providerId } : {};
      }
      const problem = `Cổng SMS trả lời HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
      if (response.status === 408 || response.status === 429 || response.status >= 500) {
        throw new Error(problem);
      }
      throw new PermanentDeliveryError(problem);
    },
  };
}
