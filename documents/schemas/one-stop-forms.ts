import { z } from 'zod';
import {
  clause,
  honorific,
  legalBases,
  legalDate,
  localDateTime,
  reasonClause,
  recipients,
  signature,
  text,
} from './common';

/**
 * One-stop shop (một cửa) forms. They carry the dossier code instead of a register number.
 * Numbering follows DOMAIN.md §5: 01 receipt, 02 request to complete, 03 refusal to accept, 04 apology (and,
 * from 07/2025, request to extend the time), 05 notice that processing stopped, 06 process control, 07 dossier
 * register. Which edition's template renders a dossier's form is chosen by its receipt date
 * (domain/one-stop-forms.ts).
 */

const applicant = z.strictObject({
  honorific,
  fullName: text,
  address: text,
  phone: text.optional(),
  email: z.email().optional(),
});

const officer = z.strictObject({ fullName: text });

/**
 * The one-stop rules the form is issued under (Decree 118/2025 and Circular 03/2025 for dossiers received
 * from 01/07/2025; Decree 61/2018 and Circular 01/2018 before). Optional: documents stored before carry none.
 */
const oneStopBases = { legalBases: legalBases.optional() };

/** Form 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export const receiptAppointmentSchema = z.strictObject({
  ...oneStopBases,
  dossierCode: text,
  /** Which copy this is: kept by the desk or handed to the applicant. */
  copy: z.enum(['Lưu', 'Giao người nộp hồ sơ']),
  applicant,
  request: clause,
  components: z
    .array(
      z.strictObject({
        name: clause,
        form: z.enum(['Bản chính', 'Bản sao', 'Bản sao có chứng thực', 'Bản chụp']),
        copies: z.number().int().positive(),
      }),
    )
    .min(1),
  setCount: z.number().int().positive(),
  processingDays: z.number().int().positive(),
  receivedAt: localDateTime,
  returnAt: localDateTime,
  returnPlace: clause,
  register: z.strictObject({ book: text, sequence: z.number().int().positive() }),
  receiver: officer,
});

/** Form 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (stops the legal clock). */
export const supplementRequestSchema = z.strictObject({
  ...oneStopBases,
  dossierCode: text,
  applicant,
  request: clause,
  receivedOn: legalDate,
  missingItems: z.array(reasonClause).min(1),
  reason: reasonClause,
  contact: z.strictObject({ officer: text, phone: text }),
  guide: officer,
});

/** Form 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ: the desk refuses to take the dossier in. */
export const intakeRefusalSchema = z.strictObject({
  ...oneStopBases,
  dossierCode: text,
  applicant: z.strictObject({ honorific, fullName: text, address: text, phone: text.optional() }),
  /** What was asked, e.g. 'Trợ cấp xã hội hằng tháng đối với người cao tuổi'. */
  request: clause,
  receivedOn: legalDate,
  /** Why the dossier is refused; printed as a numbered list, each ending ';' and the last '.'. */
  reasons: z.array(reasonClause).min(1),
  /** What the applicant can do instead, e.g. where the matter should be submitted. */
  guidance: clause,
  /** The desk officer who refuses the dossier and signs the slip. */
  receiver: officer,
  /**
   * The agency whose desk this is, printed after 'Bộ phận tiếp nhận và trả kết quả', e.g. 'Ủy ban nhân dân
   * xã Phước An'. When absent, the issuing body from the header (and its superior) is printed instead.
   */
  agencyName: text.optional(),
});

/**
 * Form 04 — required whenever a dossier will be late. Both editions take this data: before 07/2025 "Phiếu xin
 * lỗi và hẹn lại ngày trả kết quả" (newAppointment is the new date), from 07/2025 "Văn bản xin lỗi và đề nghị
 * gia hạn thời gian giải quyết" (newAppointment is the end of the extension asked for).
 */
export const apologyNewAppointmentSchema = z
  .strictObject({
    ...oneStopBases,
    dossierCode: text,
    addressee: z.strictObject({ honorific, fullName: text }),
    /** The agency apologising, as it names itself in the text, e.g. 'Ủy ban nhân dân xã Phước An'. */
    agencyName: text,
    receivedOn: legalDate,
    request: clause,
    originalAppointment: legalDate,
    reason: clause,
    newAppointment: legalDate,
    signature,
  })
  .refine((d) => d.newAppointment > d.originalAppointment, {
    message: 'ngày hẹn mới phải sau ngày hẹn cũ',
    path: ['newAppointment'],
  });

/**
 * Form 05 — Thông báo dừng giải quyết hồ sơ (Circular 03/2025/TT-VPCP): processing stops, here because the
 * applicant withdrew the dossier.
 */
export const processingStoppedSchema = z
  .strictObject({
    ...oneStopBases,
    dossierCode: text,
    addressee: z.strictObject({ honorific, fullName: text, address: text }),
    /** The agency that stops processing, as it names itself in the text, e.g. 'Ủy ban nhân dân xã Phước An'. */
    agencyName: text,
    receivedOn: legalDate,
    request: clause,
    withdrawal: z.strictObject({
      requestedOn: legalDate,
      /** How the request came, after "đề nghị rút hồ sơ", e.g. 'bằng đơn nộp tại Bộ phận Một cửa'. */
      means: clause,
      reason: reasonClause,
    }),
    stoppedOn: legalDate,
    /** Where the papers handed in are given back, e.g. 'Bộ phận Một cửa Ủy ban nhân dân xã Phước An'. */
    returnPlace: clause,
    signature,
    recipients: recipients.optional(),
  })
  .refine((d) => d.withdrawal.requestedOn >= d.receivedOn && d.stoppedOn >= d.withdrawal.requestedOn, {
    message: 'ngày đề nghị rút hồ sơ phải từ ngày tiếp nhận, ngày dừng giải quyết phải từ ngày đề nghị',
    path: ['stoppedOn'],
  });

export const handoverStatus = z.enum(['Trước hạn', 'Đúng hạn', 'Quá hạn']);
export type HandoverStatus = z.infer<typeof handoverStatus>;

/** A side of a hand-over: the body or post (line 1) and, when known, the person (line 2). */
const party = z.strictObject({ unit: text, person: text.optional() });

/**
 * Form 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ: one row per hand-over. Rendered on demand from the
 * read model (app/dossiers/process-control-slip.ts), so it may have no row yet (a dossier still at the desk)
 * and no appointment date (a dossier refused at intake).
 */
export const processControlSlipSchema = z.strictObject({
  dossierCode: text,
  applicant: z.strictObject({ honorific: honorific.optional(), fullName: text }),
  request: clause,
  receivedAt: localDateTime,
  appointmentOn: legalDate.optional(),
  handovers: z.array(
    z.strictObject({
      sender: party,
      receiver: party,
      at: localDateTime,
      status: handoverStatus,
      note: clause.optional(),
    }),
  ),
});

/**
 * Form 07 — Sổ theo dõi hồ sơ: the dossiers a unit received in a period, one row each. Names and addresses
 * only: never an ID number, an HIV status or a qualifying clause (the register is read by every officer of
 * the unit).
 */
export const dossierRegisterSchema = z.strictObject({
  /** The unit whose register this is, e.g. 'xã Phước An'. */
  unitName: text,
  from: legalDate,
  to: legalDate,
  rows: z.array(
    z.strictObject({
      dossierCode: text,
      procedure: text,
      applicant: z.strictObject({ fullName: text, address: text.optional() }),
      receivedOn: legalDate,
      appointmentOn: legalDate.optional(),
      /** Who the dossier was handed over to, in order, e.g. ['Công chức … (xã Phước An)', …]. */
      processingUnits: z.array(text),
      resultOn: legalDate.optional(),
      status: handoverStatus.optional(),
      returnedOn: legalDate.optional(),
      note: text.optional(),
    }),
  ),
});

export type ReceiptAppointmentData = z.input<typeof receiptAppointmentSchema>;
export type SupplementRequestData = z.input<typeof supplementRequestSchema>;
export type IntakeRefusalData = z.input<typeof intakeRefusalSchema>;
export type ApologyNewAppointmentData = z.input<typeof apologyNewAppointmentSchema>;
export type ProcessingStoppedData = z.input<typeof processingStoppedSchema>;
export type ProcessControlSlipData = z.input<typeof processControlSlipSchema>;
export type DossierRegisterData = z.input<typeof dossierRegisterSchema>;
