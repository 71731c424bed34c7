/**
 * Editions of the one-stop (một cửa) forms, versioned by the date a dossier was received — like procedure
 * versions: a dossier keeps the forms of the edition in force on its receipt date (DOMAIN.md §2, §5).
 *
 * - Circular 01/2018/TT-VPCP (implementing Decree 61/2018/NĐ-CP): form 04 was the apology with a new
 *   appointment date ("Phiếu xin lỗi và hẹn lại ngày trả kết quả"). It had no notice that processing stopped
 *   [U: its numbering is not verified].
 * - Circular 03/2025/TT-VPCP (implementing Decree 118/2025/NĐ-CP, one-stop rules in force from 01/07/2025
 *   [S]): form 04 is the apology and request to extend the processing time ("Văn bản xin lỗi và đề nghị gia
 *   hạn thời gian giải quyết"); form 05 is the notice that processing stopped ("Thông báo dừng giải quyết
 *   hồ sơ").
 *
 * Which template renders a form, and its title, is read from here; templates hold no date logic. A form an
 * edition lacks (form 05 before 07/2025) is taken from the next edition that has it: the paper is issued
 * today, under the circular in force today.
 */

import { inForceOn, instrument, type BasisReference, type InstrumentId } from './legal-instruments';

/** The one-stop forms that differ between editions (domain/procedures DOCUMENT_KINDS keys). */
export type VersionedOneStopForm = 'apology' | 'processing_stopped';

export interface OneStopFormSpec {
  /** The form's number in its circular's appendix, e.g. '04'. */
  number: string;
  /** Its official title, as printed and listed. */
  title: string;
  /** The template kind (templates/documents/<template>.hbs) that renders it. */
  template: string;
}

export interface OneStopFormEdition {
  /** Receipt dates from this one (inclusive) use this edition. */
  effectiveFrom: string;
  /** The one-stop rules of this edition (domain/legal-instruments.ts), cited on its forms: decree, circular. */
  instruments: readonly InstrumentId[];
  forms: Partial<Record<VersionedOneStopForm, OneStopFormSpec>>;
}

const STOP_NOTICE: OneStopFormSpec = {
  number: '05',
  title: 'Thông báo dừng giải quyết hồ sơ',
  template: 'processing-stopped',
};

/** In order of effectiveFrom. */
export const ONE_STOP_FORM_EDITIONS: readonly OneStopFormEdition[] = [
  {
    // The earliest edition covers every earlier receipt date too.
    effectiveFrom: '0000-01-01',
    instruments: ['decree-61-2018', 'circular-01-2018'],
    forms: {
      apology: {
        number: '04',
        title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
        template: 'apology-new-appointment-2018',
      },
    },
  },
  {
    effectiveFrom: '2025-07-01',
    instruments: ['decree-118-2025', 'circular-03-2025'],
    forms: {
      apology: {
        number: '04',
        title: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết',
        template: 'apology-new-appointment',
      },
      processing_stopped: STOP_NOTICE,
    },
  },
];

/** The edition in force for a dossier received on `receivedOn` ('YYYY-MM-DD'). */
export function oneStopFormEdition(
  receivedOn: string,
  editions: readonly OneStopFormEdition[] = ONE_STOP_FORM_EDITIONS,
): OneStopFormEdition {
  const inForce = editions.filter((edition) => edition.effectiveFrom <= receivedOn).at(-1);
  if (!inForce) throw new Error(`no one-stop form edition covers ${receivedOn}`);
  return inForce;
}

/**
 * The form of `kind` for a dossier received on `receivedOn`: its edition's, or, when that edition has none,
 * the next edition's that does.
 */
export function oneStopForm(
  kind: VersionedOneStopForm,
  receivedOn: string,
  editions: readonly OneStopFormEdition[] = ONE_STOP_FORM_EDITIONS,
): OneStopFormSpec {
  const start = editions.indexOf(oneStopFormEdition(receivedOn, editions));
  const spec = editions.slice(start).find((edition) => edition.forms[kind])?.forms[kind];
  if (!spec) throw new Error(`no one-stop form edition defines ${kind}`);
  return spec;
}

/** 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (mẫu 04)': how lists name the form. */
export function oneStopFormLabel(kind: VersionedOneStopForm, receivedOn: string): string {
  const spec = oneStopForm(kind, receivedOn);
  return `${spec.title} (mẫu ${spec.number})`;
}

/**
 * The one-stop instruments a dossier received on `receivedOn` is handled under ('Căn cứ …' of its forms), as in
 * force on `issuedOn`: an instrument is cited only once in force, so a slip issued in August 2025 for a dossier
 * received in July cites Decree 118/2025 but not Circular 03/2025, signed on 15/09/2025.
 */
export function oneStopBases(receivedOn: string, issuedOn: string): BasisReference[] {
  return oneStopFormEdition(receivedOn)
    .instruments.filter((id) => inForceOn(instrument(id), issuedOn))
    .map((id) => ({ instrument: id }));
}
