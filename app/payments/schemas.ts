/**
 * The payee form, one schema for `PUT /api/entitlements/:code/payee` and the officer's page (flat fields, so
 * each message sits beside its input). Each method's fields are checked only when that method is chosen and
 * the others are dropped: a payee holds one way of being paid. Rules from domain/payee.ts and domain/phone.ts.
 */
import { z } from 'zod';
import { checkIdNumber } from '../../domain/application';
import {
  accountNumberProblem,
  bankOf,
  eWalletOf,
  PAYMENT_METHODS,
  plainAccountNumber,
  type EWalletCode,
  type PaymentMethod,
} from '../../domain/payee';
import { toE164 } from '../../domain/phone';
import { reasonSchema, textSchema } from '../../domain/text';
import { IsoDateSchema } from '../schemas';

const name = textSchema({ max: 100 });

export const PayeeBodySchema = z
  .strictObject({
    method: z.enum(PAYMENT_METHODS, { error: 'Chọn hình thức chi trả' }),
    bankCode: z.string().optional().meta({ description: 'Short code from GET /api/payment-options' }),
    accountNumber: z.string().optional().meta({ description: '6–19 digits; spaces, dots, dashes ignored' }),
    accountHolder: name.optional(),
    walletProvider: z.string().optional(),
    walletPhone: z.string().optional().meta({ description: 'Vietnamese mobile number, 0… or +84…' }),
    cashReason: reasonSchema(1000)
      .optional()
      .meta({ description: 'Required for cash: Directive 21/CT-TTg makes cash the exception' }),
    recipientName: name.optional().meta({ description: 'An authorised recipient (người nhận thay), if any' }),
    recipientRelation: name.optional(),
    recipientIdNumber: z
      .string()
      .trim()
      .optional()
      .meta({ description: '12-digit personal ID; omitted keeps the one on file for the same recipient' }),
    expectedVersion: z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ description: 'The version edited (0: none yet); another one now stored is 409 PAYEE_CHANGED' }),
  })
  .superRefine((body, context) => {
    const missing = (path: string, message: string) =>
      context.addIssue({ code: 'custom', path: [path], message });
    if (body.method === 'bank_account') {
      if (!body.bankCode) missing('bankCode', 'Chọn ngân hàng');
      else if (!bankOf(body.bankCode)) missing('bankCode', 'Chọn ngân hàng trong danh sách');
      const problem = accountNumberProblem(body.accountNumber ?? '');
      if (problem) missing('accountNumber', problem);
      if (!body.accountHolder) missing('accountHolder', 'Nhập tên chủ tài khoản như ngân hàng ghi');
    }
    if (body.method === 'e_wallet') {
      if (!body.walletProvider) missing('walletProvider', 'Chọn ví điện tử');
      else if (!eWalletOf(body.walletProvider)) missing('walletProvider', 'Chọn ví điện tử trong danh sách');
      if (!body.walletPhone) missing('walletPhone', 'Nhập số điện thoại của ví');
      else if (!toE164(body.walletPhone)) {
        missing('walletPhone', 'Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09');
      }
    }
    if (body.method === 'cash' && !body.cashReason) {
      missing(
        'cashReason',
        'Nêu lý do chi trả bằng tiền mặt: theo Chỉ thị 21/CT-TTg, tiền mặt chỉ dùng khi không chi trả qua tài khoản được',
      );
    }
    const recipientGiven = [body.recipientName, body.recipientRelation, body.recipientIdNumber].some(Boolean);
    if (recipientGiven) {
      if (!body.recipientName) missing('recipientName', 'Nhập họ và tên người nhận thay');
      if (!body.recipientRelation) missing('recipientRelation', 'Nhập quan hệ với người hưởng');
      if (body.recipientIdNumber) {
        const problem = checkIdNumber(body.recipientIdNumber);
        if (problem) missing('recipientIdNumber', problem.charAt(0).toUpperCase() + problem.slice(1));
      }
    }
  })
  .transform((body): PayeeInput => {
    const base = {
      recipient: body.recipientName
        ? {
            fullName: body.recipientName,
            relation: body.recipientRelation!,
            ...(body.recipientIdNumber ? { idNumber: body.recipientIdNumber } : {}),
          }
        : null,
      ...(body.expectedVersion !== undefined ? { expectedVersion: body.expectedVersion } : {}),
    };
    if (body.method === 'bank_account') {
      return {
        ...base,
        method: 'bank_account',
        bankAccount: {
          bankCode: body.bankCode!,
          accountNumber: plainAccountNumber(body.accountNumber!),
          accountHolder: body.accountHolder!,
        },
      };
    }
    if (body.method === 'e_wallet') {
      return {
        ...base,
        method: 'e_wallet',
        eWallet: {
          provider: body.walletProvider as EWalletCode,
          phone: `0${toE164(body.walletPhone!)!.slice(3)}`,
        },
      };
    }
    return { ...base, method: 'cash', cashReason: body.cashReason! };
  })
  .meta({ id: 'PayeeBody' });

/** A payee as the use case takes it: the chosen method's details only. */
export type PayeeInput = {
  recipient: { fullName: string; relation: string; idNumber?: string } | null;
  expectedVersion?: number;
} & (
  | {
      method: 'bank_account';
      bankAccount: { bankCode: string; accountNumber: string; accountHolder: string };
    }
  | { method: 'e_wallet'; eWallet: { provider: EWalletCode; phone: string } }
  | { method: 'cash'; cashReason: string }
);

export const PayeeSchema = z
  .object({
    dossierCode: z.string(),
    version: z.number().int(),
    method: z.enum(PAYMENT_METHODS),
    methodText: z.string(),
    bankAccount: z
      .object({
        bankCode: z.string(),
        bankName: z.string(),
        accountNumber: z.string(),
        accountHolder: z.string(),
      })
      .nullable(),
    eWallet: z.object({ provider: z.string(), providerName: z.string(), phone: z.string() }).nullable(),
    cashReason: z.string().nullable(),
    recipient: z
      .object({
        fullName: z.string(),
        relation: z.string(),
        idNumber: z.string().meta({ description: 'Masked (••••••••1234) unless revealed' }),
      })
      .nullable(),
    updatedAt: z.iso.datetime(),
    updatedBy: z.string().meta({ description: "The officer's full name" }),
  })
  .meta({ id: 'Payee' });
export type PayeeView = z.infer<typeof PayeeSchema>;

export const PayeeAnswerSchema = z
  .object({
    payee: PayeeSchema.nullable(),
    idNumberShown: z.boolean(),
    mayEdit: z.boolean(),
    mayRevealIdNumber: z.boolean(),
  })
  .meta({ id: 'PayeeAnswer' });
export type PayeeAnswer = z.infer<typeof PayeeAnswerSchema>;

export type { PaymentMethod };

/** `POST /api/entitlements/:code/suspension/lift` and the payee page's form (app/payments/suspensions.ts). */
export const SuspensionLiftBodySchema = z
  .strictObject({
    remediedOn: IsoDateSchema.meta({
      description:
        'Legal date the beneficiary came back or the ground of the suspension was remedied: not before the ' +
        'suspension, not after today, within the 3 months after which the allowance is terminated',
    }),
    remedy: reasonSchema(1000).meta({ description: 'What was remedied, in the officer’s words' }),
  })
  .meta({ id: 'SuspensionLiftBody' });

export const CardReissueBodySchema = z
  .strictObject({ reason: reasonSchema(500).meta({ description: 'Why: the card was lost, damaged…' }) })
  .meta({ id: 'CardReissueBody' });

export const SuspensionLiftedSchema = z
  .object({
    dossierCode: z.string(),
    status: z.literal('active'),
    suspendedFromMonth: z.string(),
    remediedOn: z.string(),
    message: z.string(),
  })
  .meta({ id: 'SuspensionLifted' });
