import Handlebars from 'handlebars';
import { renderSVG } from 'uqr';
import { formatCardNumber } from '../domain/card-number';
import { formatVnd, formatVndNumber, vndInWords } from '../domain/money';
import { numberInWords } from './number-words';
import {
  placeAndDate,
  shortDate,
  vietnameseDate,
  vietnameseDateTime,
  vietnameseUpperCase,
} from './vietnamese-text';

/**
 * Helpers available to every document template, built-in or overridden by an admin. Each one checks its
 * arguments and throws naming itself, so a template that passes the wrong field fails loudly at render
 * (and an override is refused when its sample render fails) instead of printing "undefined".
 *
 * Bump HELPERS_VERSION whenever a helper's output changes: it is part of every template version hash,
 * so documents rendered before and after the change are told apart.
 */
export const HELPERS_VERSION = 'helpers-1';

type HelperArgs = unknown[];

/** Handlebars appends its options object to every call; helpers only want the template's arguments. */
function templateArgs(args: HelperArgs): unknown[] {
  return args.slice(0, -1);
}

function stringArg(helper: string, value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error(`{{${helper}}}: cần ${what}, nhận được ${JSON.stringify(value) ?? 'undefined'}`);
  }
  return value;
}

function numberArg(helper: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`{{${helper}}}: cần một số, nhận được ${JSON.stringify(value) ?? 'undefined'}`);
  }
  return value;
}

/** 'YYYY-MM' → 'tháng 01 năm 2026' (Decree 30: zero before months below 3). */
function vietnameseMonth(yearMonth: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(yearMonth);
  if (!match) throw new Error(`{{vnMonth}}: cần tháng dạng YYYY-MM, nhận được ${JSON.stringify(yearMonth)}`);
  const month = Number(match[2]);
  return `tháng ${month < 3 ? `0${month}` : month} năm ${match[1]}`;
}

/** The preamble lines: every line ends with ';' and the last one with '.' (Decree 30). */
function preambleLines(bases: unknown, proposal: unknown): string[] {
  if (!Array.isArray(bases) || bases.length === 0) throw new Error('{{preambleLines}}: cần danh sách căn cứ');
  const lines = bases.map((line) => stringArg('preambleLines', line, 'một dòng căn cứ'));
  if (typeof proposal === 'string' && proposal.length > 0) lines.push(proposal);
  return lines.map((line, index) => `${line}${index === lines.length - 1 ? '.' : ';'}`);
}

export const TEMPLATE_HELPERS: Record<string, (...args: HelperArgs) => unknown> = {
  upper: (...args) => vietnameseUpperCase(stringArg('upper', templateArgs(args)[0], 'một đoạn chữ')),
  /** Escapes each line and joins them with <br>: issuer names are printed on two lines. */
  lines: (...args) => {
    const value = stringArg('lines', templateArgs(args)[0], 'một đoạn chữ');
    return new Handlebars.SafeString(
      value
        .split('\n')
        .map((line) => Handlebars.escapeExpression(line))
        .join('<br>'),
    );
  },
  vnDate: (...args) => vietnameseDate(stringArg('vnDate', templateArgs(args)[0], 'ngày dạng YYYY-MM-DD')),
  vnMonth: (...args) => vietnameseMonth(stringArg('vnMonth', templateArgs(args)[0], 'tháng dạng YYYY-MM')),
  vnDateTime: (...args) =>
    vietnameseDateTime(stringArg('vnDateTime', templateArgs(args)[0], 'thời điểm dạng YYYY-MM-DDTHH:mm')),
  shortDate: (...args) => shortDate(stringArg('shortDate', templateArgs(args)[0], 'ngày dạng YYYY-MM-DD')),
  placeAndDate: (...args) => {
    const [place, date] = templateArgs(args);
    return placeAndDate(
      stringArg('placeAndDate', place, 'địa danh'),
      stringArg('placeAndDate', date, 'ngày'),
    );
  },
  vndFigures: (...args) => formatVnd(numberArg('vndFigures', templateArgs(args)[0])),
  vndNumber: (...args) => formatVndNumber(numberArg('vndNumber', templateArgs(args)[0])),
  vndWords: (...args) => vndInWords(numberArg('vndWords', templateArgs(args)[0])),
  /** A whole quantity in words without a unit ('Một trăm tám mươi'); the template writes the unit after it. */
  numberWords: (...args) => {
    const value = numberArg('numberWords', templateArgs(args)[0]);
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new Error(`{{numberWords}}: cần một số nguyên không âm, nhận được ${value}`);
    }
    return numberInWords(value);
  },
  /** A multi-line name on one line, for running text ('Ủy ban nhân dân xã Phước An'). */
  inline: (...args) => stringArg('inline', templateArgs(args)[0], 'một đoạn chữ').split('\n').join(' '),
  /** Joins strings and numbers, for partial parameters built from data ('Mã hồ sơ: ' + code). */
  concat: (...args) =>
    templateArgs(args)
      .map((part) => {
        if (typeof part !== 'string' && typeof part !== 'number') {
          throw new Error(`{{concat}}: cần chữ hoặc số, nhận được ${JSON.stringify(part) ?? 'undefined'}`);
        }
        return String(part);
      })
      .join(''),
  /** Vietnamese decimal comma: 1.5 → '1,5'. */
  decimal: (...args) => String(numberArg('decimal', templateArgs(args)[0])).replace('.', ','),
  /** Row numbers start at 1. */
  inc: (...args) => numberArg('inc', templateArgs(args)[0]) + 1,
  eq: (...args) => {
    const [left, right] = templateArgs(args);
    return left === right;
  },
  /** A card number grouped as it is read out: '26170 0000012 63'. */
  cardNumber: (...args) => formatCardNumber(stringArg('cardNumber', templateArgs(args)[0], 'số thẻ')),
  /**
   * A QR code of a short text as an <img> with an SVG data address: the document's CSP allows data: images
   * and nothing else, and an attribute value cannot break out into markup the way inline SVG text could.
   * Error correction M (15 %): a card in a wallet gets scratched.
   */
  qrCode: (...args) => {
    const [payload, alt] = templateArgs(args);
    const svg = renderSVG(stringArg('qrCode', payload, 'nội dung mã QR'), { ecc: 'M', border: 2 });
    return new Handlebars.SafeString(
      `<img class="qr" alt="${Handlebars.escapeExpression(stringArg('qrCode', alt, 'mô tả ảnh'))}" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`,
    );
  },
  preambleLines: (...args) => {
    const [bases, proposal] = templateArgs(args);
    return preambleLines(bases, proposal);
  },
};
