/**
 * The messages people get, rendered from templates/messages/<kind>.<channel>.hbs (Handlebars, plain text, no
 * HTML escaping). An e-mail template's first line is the subject, then a blank line, then the body; an SMS
 * template is the text. Rendered once, when the outbox row is written, so the row holds exactly what leaves
 * (and the SMS its count of parts).
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { countSms, type SmsEncoding } from './sms-text';

export const MESSAGE_KINDS = [
  // To the applicant.
  'receipt',
  'supplement-request',
  'posting-opened',
  'decision-issued',
  'refusal',
  'apology',
  'payment-started',
  // To officers.
  'task-opened',
  'task-reminder',
  'task-overdue',
  'digest',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export type MessageChannel = 'email' | 'sms';

export interface RenderedMessage {
  subject?: string;
  body: string;
  sms?: { encoding: SmsEncoding; segments: number };
}

/** From the source tree (tsx) or from dist/ (the built image keeps templates/ beside dist/). */
const TEMPLATES_DIR =
  [
    path.resolve(__dirname, '../templates/messages'),
    path.resolve(__dirname, '../../templates/messages'),
  ].find((dir) => fs.existsSync(dir)) ?? path.resolve(__dirname, '../templates/messages');

const handlebars = Handlebars.create();
/** 'YYYY-MM-DD' → 'dd/mm/yyyy', as dates are written here. */
handlebars.registerHelper('date', (value: unknown) => {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return match ? `${match[3]}/${match[2]}/${match[1]}` : String(value ?? '');
});
/** 'YYYY-MM' → 'mm/yyyy'. */
handlebars.registerHelper('month', (value: unknown) => {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})/.exec(value) : null;
  return match ? `${match[2]}/${match[1]}` : String(value ?? '');
});

const compiled = new Map<string, HandlebarsTemplateDelegate>();

function template(kind: MessageKind, channel: MessageChannel): HandlebarsTemplateDelegate {
  const key = `${kind}.${channel}`;
  let found = compiled.get(key);
  if (!found) {
    const source = fs.readFileSync(path.join(TEMPLATES_DIR, `${key}.hbs`), 'utf8');
    found = handlebars.compile(source, { noEscape: true, strict: true });
    compiled.set(key, found);
  }
  return found;
}

export function hasTemplate(kind: MessageKind, channel: MessageChannel): boolean {
  return fs.existsSync(path.join(TEMPLATES_DIR, `${kind}.${channel}.hbs`));
}

/** Collapses the blank lines an `{{#if}}` leaves and trims; text in NFC like everything stored. */
function tidy(text: string): string {
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .normalize('NFC');
}

export function renderMessage(
  kind: MessageKind,
  channel: MessageChannel,
  data: Record<string, unknown>,
): RenderedMessage {
  const text = tidy(template(kind, channel)(data));
  if (channel === 'sms') {
    const body = text.replace(/\s*\n\s*/g, ' ');
    const { encoding, segments } = countSms(body);
    return { body, sms: { encoding, segments } };
  }
  const [subject = '', ...rest] = text.split('\n');
  return { subject: subject.trim(), body: rest.join('\n').trim() };
}
