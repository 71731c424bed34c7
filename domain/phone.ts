/**
 * Vietnamese mobile numbers as SMS gateways want them (pure: the outbox writer and the inbound STOP endpoint
 * both use it): +84 and the nine digits after the leading 0. The
 * application stores 0XXXXXXXXX (domain/application's PhoneSchema); gateways and inbound STOP messages may
 * write 84…, +84… or 0…, so every form is brought to one before it is compared or keyed.
 */
export function toE164(phone: string): string | undefined {
  const digits = phone.replace(/[\s.()-]/g, '');
  const match = /^(?:\+?84|0)([35789]\d{8})$/.exec(digits);
  return match ? `+84${match[1]}` : undefined;
}
