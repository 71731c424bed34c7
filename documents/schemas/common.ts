import { z } from 'zod';
import { hasWords } from '../../domain/text';

/**
 * Building blocks shared by every document schema. Every object is strict: a field the template does not
 * know is refused rather than carried along, which is how sensitive fields are kept out of public documents.
 */

/** Non-empty Vietnamese text, trimmed and in NFC so stored data re-renders byte-for-byte. */
export const text = z.string().trim().normalize('NFC').min(1, 'không được để trống');

/** Text whose ending punctuation the template supplies (';' or '.'), so a typed ';' is dropped. */
export const clause = text.overwrite((value) => value.replace(/[\s;.,]+$/u, '')).pipe(z.string().min(1));

/**
 * A reason a person gave (a refusal, a request for documents, each missing item): a clause with at least one
 * letter or digit — domain/text's definition of a reason, which the API and the workflow's validators apply
 * too, so a reason accepted there always prints here.
 */
export const reasonClause = clause.refine(hasWords, 'phải nêu lý do bằng chữ');

/** A legal date 'YYYY-MM-DD' (Asia/Ho_Chi_Minh). */
export const legalDate = z.iso.date();

/** A month 'YYYY-MM', e.g. when a payment starts. */
export const legalMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'cần dạng YYYY-MM');

/** A local wall-clock time 'YYYY-MM-DDTHH:mm' in Asia/Ho_Chi_Minh. */
export const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, 'cần dạng YYYY-MM-DDTHH:mm');

/** Integer VND. */
export const vndAmount = z.number().int('số tiền phải là số nguyên (đồng)').nonnegative();

export const honorific = z.enum(['Ông', 'Bà', 'Cháu', 'Em']);

/** Decree 30: signing on behalf of a collective (TM.), for the head (KT.), as acting head (Q.), by order (TL., TUQ.). */
export const signingPrefix = z.enum(['TM.', 'KT.', 'Q.', 'TL.', 'TUQ.']);

export const signature = z.strictObject({
  /** Lines above the position, e.g. [{prefix:'TM.', title:'Ủy ban nhân dân'}, {prefix:'KT.', title:'Chủ tịch'}]. */
  authority: z
    .array(z.strictObject({ prefix: signingPrefix, title: text }))
    .max(3)
    .default([]),
  /** The signer's own position, e.g. 'Phó Chủ tịch'; printed in capitals. */
  position: text,
  /** 'Q.' when the signer is acting head ("Q. CHỦ TỊCH"). */
  positionPrefix: z.literal('Q.').optional(),
  signerName: text,
});

export const recipients = z.strictObject({
  /** One line each, printed '- …;'. */
  to: z.array(clause).min(1),
  /** Archive copies after 'Lưu:', starting with the clerical office, e.g. 'VT, VHXH'; printed '- Lưu: VT, VHXH.' */
  archive: clause.refine((value) => value.startsWith('VT'), 'phải bắt đầu bằng "VT" (văn thư)'),
});

/**
 * 'Căn cứ …' lines without final punctuation; the template ends each with ';' and the last line with '.'.
 * Written by domain/legal-instruments citeBases: an instrument's first citation carries its number, date,
 * issuer and summary (Decree 30/2020).
 */
export const legalBases = z
  .array(clause.refine((v) => v.startsWith('Căn cứ'), 'phải bắt đầu bằng "Căn cứ"'))
  .min(1);

/** The preamble of a decision: who decides, on what legal grounds, on whose proposal. */
export const decisionPreamble = {
  /** 'Chủ tịch Ủy ban nhân dân xã Phước An' — printed in capitals above the legal bases. */
  decidingAuthority: text,
  legalBases,
  /** 'Theo đề nghị của …' — the last line of the preamble. */
  proposal: clause.optional(),
};

export const person = z.strictObject({
  honorific,
  fullName: text,
  birthDate: legalDate,
  residence: text,
});

/** Who carries out the decision, named in its last article. */
export const implementers = text;
