/**
 * How an SMS gateway counts a text: in the GSM 03.38 7-bit alphabet when every character is in it (160
 * characters in one message, 153 per part once it is split, an extension character such as € or [ costing
 * two), otherwise in UCS-2 (70 in one, 67 per part; a character outside the BMP costs two units). Vietnamese
 * with diacritics (ả, ệ, đ…) is not in GSM-7, so such a text is UCS-2 — a 100-character Vietnamese message is
 * two parts, where the same words without diacritics would be one.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿' +
  'abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const basic = new Set(GSM_BASIC);
const extension = new Set(GSM_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

const LIMITS: Record<SmsEncoding, { single: number; part: number }> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

export function countSms(text: string): SmsCount {
  const chars = [...text];
  const gsm = chars.every((c) => basic.has(c) || extension.has(c));
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  // Each character's cost; a part never splits an escape pair or a surrogate pair, so parts are filled greedily.
  const costs = chars.map((c) => (gsm ? (extension.has(c) ? 2 : 1) : c.length));
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const { single, part } = LIMITS[encoding];
  if (units <= single) return { encoding, units, segments: units === 0 ? 0 : 1 };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > part) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, segments };
}
