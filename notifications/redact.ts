/**
 * Logs carry no addresses: a provider's error often quotes the recipient ("550 5.1.1 <x@y>: Recipient address
 * rejected"), and logs are read and kept far more widely than the admin's outbox page, which shows the
 * details to admins only.
 */
const EMAIL = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+/g;
/** Vietnamese numbers as people and gateways write them: 0…, 84…, +84…, with spaces, dots or dashes. */
const PHONE = /(?<![\d])(?:\+?84|0)(?:[\s.-]?\d){9}(?![\d])/g;

export function redactAddresses(text: string): string {
  return text.replace(EMAIL, '[e-mail]').replace(PHONE, '[số điện thoại]');
}
