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
  'supplement-received',
  'posting-opened',
  'decision-issued',
  'intake-refusal',
  'refusal',
  'apology',
  'withdrawn',
  'payment-started',
  // To officers.
  'task-opened',
  'task-reminder',
  'task-overdue',
  'digest',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** What each message is called where people read about it (admins' alerts, the outbox page). */
export const MESSAGE_LABELS: Record<MessageKind, string> = {
  receipt: 'báo tiếp nhận hồ sơ',
  'supplement-request': 'yêu cầu bổ sung hồ sơ',
  'supplement-received': 'báo đã nhận bổ sung và ngày hẹn mới',
  'posting-opened': 'báo niêm yết công khai',
  'decision-issued': 'báo có quyết định',
  'intake-refusal': 'báo không tiếp nhận hồ sơ',
  refusal: 'báo không giải quyết hồ sơ',
  apology: 'xin lỗi và hẹn lại ngày trả kết quả',
  withdrawn: 'báo dừng giải quyết hồ sơ đã rút',
  'payment-started': 'báo bắt đầu chi trả',
  'task-opened': 'báo việc mới',
  'task-reminder': 'nhắc sắp đến hạn',
  'task-overdue': 'báo quá hạn',
  digest: 'bản tổng hợp trong ngày',
};

export const messageLabel = (kind: string): string =>
  (MESSAGE_LABELS as Record<string, string | undefined>)[kind] ?? kind;
export type MessageChannel = 'email' | 'sms';

export interface RenderedMessage {
  subject?: string;
  body: string;
  sms?: { encoding: SmsEncoding; segments: number };
}

/** From the source tree (tsx) or from dist/ (the built image keeps templates/ beside dist/). */
export const MESSAGE_TEMPLATES_DIR =
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
/** Text people typed, ended by one full stop: "Thiếu giấy tờ." stays as it is, never "Thiếu giấy tờ..". */
handlebars.registerHelper('sentence', (value: unknown) => {
  const text = String(value ?? '').trim();
  return /[.!?…]$/u.test(text) ? text : `${text}.`;
});
/** 'YYYY-MM' → 'mm/yyyy'. */
handlebars.registerHelper('month', (value: unknown) => {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})/.exec(value) : null;
  return match ? `${match[2]}/${match[1]}` : String(value ?? '');
});

type TemplateSet = Map<string, HandlebarsTemplateDelegate>;
const loaded = new Map<string, TemplateSet>();

/**
 * Every template of `dir`, parsed and compiled once per process (cached): the worker calls this at start so
 * a template that does not parse stops it there, not at the first dossier event that needs it. A field a
 * template names but the data lacks shows only when rendering (strict mode): renderMessage throws, and the
 * outbox writer records that message as failed without holding up the event.
 */
export function loadMessageTemplates(dir: string = MESSAGE_TEMPLATES_DIR): TemplateSet {
  let set = loaded.get(dir);
  if (!set) {
    set = new Map();
    for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.hbs'))) {
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      handlebars.parse(source); // compile() is lazy: parse now so a syntax error surfaces here
      set.set(file.slice(0, -'.hbs'.length), handlebars.compile(source, { noEscape: true, strict: true }));
    }
    loaded.set(dir, set);
  }
  return set;
}

function template(kind: MessageKind, channel: MessageChannel, dir: string): HandlebarsTemplateDelegate {
  const found = loadMessageTemplates(dir).get(`${kind}.${channel}`);
  if (!found) throw new Error(`Không có mẫu tin nhắn ${kind}.${channel}`);
  return found;
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
  templatesDir: string = MESSAGE_TEMPLATES_DIR,
): RenderedMessage {
  const text = tidy(template(kind, channel, templatesDir)(data));
  if (channel === 'sms') {
    const body = text.replace(/\s*\n\s*/g, ' ');
    const { encoding, segments } = countSms(body);
    return { body, sms: { encoding, segments } };
  }
  const [subject = '', ...rest] = text.split('\n');
  return { subject: subject.trim(), body: rest.join('\n').trim() };
}
