/**
 * The one definition of text this system accepts from people: valid UTF-16 (no lone surrogate), no control
 * character but newline and tab, stored in NFC with Windows line ends made plain. Postgres refuses a NUL byte
 * and a lone surrogate; such text must be refused at the edge (400, field named), never reach an activity that
 * would retry writing it for ever. Every edge — API, pages, update validators, signal handlers — uses this.
 */
import { z } from 'zod';

// C0 controls except tab (09) and newline (0A); carriage return (0D) is folded into newline first. DEL and
// the C1 controls (7F–9F) too: they are never typed, only pasted from broken sources.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** Why a piece of text cannot be accepted (Vietnamese), or undefined when it can. */
export function textProblem(text: string): string | undefined {
  if (!text.isWellFormed()) return 'Chứa ký tự không hợp lệ (mã Unicode hỏng)';
  if (CONTROL.test(text.replace(/\r\n?/g, '\n'))) return 'Chứa ký tự điều khiển không được phép';
  return undefined;
}

export const isAcceptableText = (text: string): boolean => textProblem(text) === undefined;

/** Text as stored: line ends made plain, NFC (a decomposed "ệ" from some keyboards compares equal after). */
export function storedText(text: string): string {
  return text.replace(/\r\n?/g, '\n').normalize('NFC');
}

export interface TextRules {
  /** Longest accepted length after trimming (characters). */
  max: number;
  /** Shortest; 1 by default (not empty). 0 allows an empty string. */
  min?: number;
}

/**
 * A zod schema for text typed by a person: acceptable (above), trimmed, NFC. Messages are Vietnamese and
 * start with a capital, as every field message does.
 */
export function textSchema({ max, min = 1 }: TextRules) {
  return z
    .string()
    .superRefine((text, context) => {
      const problem = textProblem(text);
      if (problem) context.addIssue({ code: 'custom', message: problem, abort: true });
    })
    .transform((text) => storedText(text).trim())
    .pipe(
      z
        .string()
        .min(min, { error: min === 1 ? 'Không được để trống' : `Phải có ít nhất ${min} ký tự` })
        .max(max, { error: `Tối đa ${max} ký tự` }),
    );
}

/**
 * A reason a person gives (refusal, return, complaint, request for documents): acceptable text with at least
 * one letter or digit, so "." or "-" is not a reason. The API, the workflow's update validators and the
 * document schemas all use this one rule, so a reason the API accepts always prints.
 */
export const REASON_MAX = 2000;
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}
export function reasonSchema(max = REASON_MAX) {
  return textSchema({ max }).refine(hasWords, { error: 'Phải nêu lý do bằng chữ' });
}

export interface TextProblemAt {
  /** Where the text sits in the value: object keys and array indexes, outermost first. */
  path: Array<string | number>;
  message: string;
}

/**
 * Every string in a parsed request (JSON body, form, query, path parameters) that is not acceptable text,
 * with where it sits — object keys included, since a key is text the sender chose too. The edges run this
 * before their schema, so no field can slip through because its schema was written as a bare z.string().
 */
export function textProblemsIn(value: unknown, path: Array<string | number> = []): TextProblemAt[] {
  if (typeof value === 'string') {
    const message = textProblem(value);
    return message ? [{ path, message }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => textProblemsIn(item, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      const message = textProblem(key);
      return message ? [{ path: [...path, key], message }] : textProblemsIn(item, [...path, key]);
    });
  }
  return [];
}

/** An ID number as pages show it unless revealed: all but its last four characters hidden. */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length > 4 ? `${'•'.repeat(idNumber.length - 4)}${idNumber.slice(-4)}` : idNumber;
}
