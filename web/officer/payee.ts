/**
 * `/can-bo/ho-so/:code/chi-tra`: how a beneficiary is paid — the payee on file (recipient's ID number masked,
 * 'Hiện số định danh' reveals it and app/ records the reveal), a form to change it (bank account, e-wallet,
 * or cash with its written reason), the history of changes, and the beneficiary card (issue, print). Over the
 * same use cases and schema as `/api/entitlements/:code/payee` and `…/card`; errors beside their field.
 */
import type { Request, Response } from 'express';
import { actorOf } from '../../app/audit';
import { DossierCodeSchema } from '../../app/dossiers/schemas';
import { AppError } from '../../app/errors';
import { cardOf, issueCard, printableCard, reissueCard } from '../../app/payments/cards';
import {
  PAYEE_EDITORS,
  PAYEE_READERS,
  payableEntitlementInScope,
} from '../../app/payments/entitlement-access';
import { payeeHistory, payeeOf, savePayee } from '../../app/payments/payees';
import {
  CardReissueBodySchema,
  PayeeBodySchema,
  SuspensionLiftBodySchema,
  type PayeeView,
} from '../../app/payments/schemas';
import { liftSuspension, suspensionOf } from '../../app/payments/suspensions';
import { BANKS, E_WALLETS, PAYMENT_METHODS, PAYMENT_METHOD_TITLES } from '../../domain/payee';
import { z } from 'zod';
import { clientAddressOf } from '../../http/client-address';
import { sendDocument } from '../../http/send-document';
import type { PageModule, WebContext } from '../app';
import { parseForm } from '../form-errors';
import { displayDate, isoFromDisplayDate } from '../format';
import { renderPage, userOf, type PageFieldError } from '../page';
import { requireOfficer } from '../session';
import { ENTITLEMENT_STATUSES, monthText, SUPPORT_KINDS } from './labels';

export const payeePath = (code: string) => `/can-bo/ho-so/${code}/chi-tra`;

const NOTICES: Readonly<Record<string, string>> = {
  '1': 'Đã lưu thông tin chi trả.',
  '2': 'Đã cấp thẻ chi trả. Bấm “In thẻ” để in và trao cho người hưởng.',
  '4': 'Đã cấp lại thẻ với số mới. Thẻ cũ không còn dùng để nhận tiền; bấm “In thẻ” để in thẻ mới.',
  '3': 'Đã khôi phục chi trả. Bảng kê tháng tới trả cả các tháng bị tạm dừng và các khoản chưa nhận.',
};

/** The lift form: the date typed as dd/mm/yyyy, as on the change pages. */
const LiftFormSchema = SuspensionLiftBodySchema.extend({
  remediedOn: z.preprocess(isoFromDisplayDate, SuspensionLiftBodySchema.shape.remediedOn),
});

const FORM_FIELDS = [
  'method',
  'bankCode',
  'accountNumber',
  'accountHolder',
  'walletProvider',
  'walletPhone',
  'cashReason',
  'recipientName',
  'recipientRelation',
  'recipientIdNumber',
] as const;
type FormValues = Partial<Record<(typeof FORM_FIELDS)[number], string>>;

/** The method radios' first input carries the id the error summary links to. */
const FIELD_IDS = { method: 'method-bank_account' };

function valuesOf(payee: PayeeView | null): FormValues {
  if (!payee) return {};
  return {
    method: payee.method,
    bankCode: payee.bankAccount?.bankCode ?? '',
    accountNumber: payee.bankAccount?.accountNumber ?? '',
    accountHolder: payee.bankAccount?.accountHolder ?? '',
    walletProvider: payee.eWallet?.provider ?? '',
    walletPhone: payee.eWallet?.phone ?? '',
    cashReason: payee.cashReason ?? '',
    recipientName: payee.recipient?.fullName ?? '',
    recipientRelation: payee.recipient?.relation ?? '',
    // Never put back in the form: the field stays empty and saving keeps the number on file.
    recipientIdNumber: '',
  };
}

function codeOf(req: Request): string {
  const code = DossierCodeSchema.safeParse(req.params.code);
  if (!code.success) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy hồ sơ');
  return code.data;
}

interface ShowOptions {
  notice?: string;
  reveal?: boolean;
  values?: FormValues;
  expectedVersion?: number;
  errors?: PageFieldError[];
  problem?: string;
  /** The card re-issue's reason, when it is shown again with its error. */
  reissueReason?: string;
  /** The lift-suspension form's values, when it is shown again with its errors. */
  liftValues?: { remediedOn: string; remedy: string };
}

async function show(
  { deps, views }: WebContext,
  res: Response,
  code: string,
  options: ShowOptions,
  status = 200,
) {
  const user = userOf(res);
  const actor = actorOf(user, clientAddressOf(res.req));
  const entitlement = await payableEntitlementInScope(deps, user, code);
  const [answer, history, card, suspension] = await Promise.all([
    payeeOf(deps, actor, code, { reveal: options.reveal === true }),
    payeeHistory(deps, user, code),
    cardOf(deps, user, code),
    suspensionOf(deps, user, code),
  ]);
  const values = options.values ?? valuesOf(answer.payee);
  const errors = [...(options.errors ?? [])];
  if (options.problem) errors.unshift({ field: 'method-bank_account', message: options.problem });
  renderPage(
    views,
    res,
    'officer/payee',
    {
      title: `Thông tin chi trả – hồ sơ ${code}`,
      errors,
      notice: options.notice,
      dossierCode: code,
      dossierUrl: `/can-bo/ho-so/${code}`,
      entitlement: {
        ...entitlement,
        kindText: SUPPORT_KINDS[entitlement.kind] ?? '',
        statusText: ENTITLEMENT_STATUSES[entitlement.status] ?? '',
        startText: monthText(entitlement.startMonth),
      },
      payee: answer.payee,
      idNumberShown: answer.idNumberShown,
      mayReveal: answer.mayRevealIdNumber,
      mayEdit: answer.mayEdit,
      expectedVersion: options.expectedVersion ?? answer.payee?.version ?? 0,
      values,
      methods: PAYMENT_METHODS.map((method) => ({
        value: method,
        title: PAYMENT_METHOD_TITLES[method],
        checked: values.method === method,
      })),
      banks: BANKS.map((bank) => ({ ...bank, selected: bank.code === values.bankCode })),
      wallets: E_WALLETS.map((wallet) => ({ ...wallet, selected: wallet.code === values.walletProvider })),
      hasRecipientOnFile: !!answer.payee?.recipient,
      history: history.map((entry) => ({ ...entry.payee, changesText: entry.changes.join(', ') })),
      card,
      cardPrintUrl: `${payeePath(code)}/the`,
      suspension: suspension && {
        ...suspension,
        fromText: monthText(suspension.suspendedFromMonth),
        suspendedOnText: displayDate(suspension.suspendedOn),
        deadlineText: displayDate(suspension.remedyDeadline),
      },
      liftValues: options.liftValues ?? { remediedOn: '', remedy: '' },
      reissueReason: options.reissueReason ?? '',
    },
    status,
  );
}

export const payeePages: PageModule = (router, context) => {
  const { deps } = context;
  const readers = requireOfficer([...PAYEE_READERS]);
  const editors = requireOfficer([...PAYEE_EDITORS]);

  router.get('/can-bo/ho-so/:code/chi-tra', readers, async (req, res) => {
    const notice = typeof req.query.xong === 'string' ? NOTICES[req.query.xong] : undefined;
    await show(context, res, codeOf(req), notice ? { notice } : {});
  });

  router.post('/can-bo/ho-so/:code/chi-tra', editors, async (req, res) => {
    const code = codeOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: FormValues = Object.fromEntries(
      FORM_FIELDS.map((field) => [field, typeof body[field] === 'string' ? body[field] : '']),
    );
    const expectedVersion = Number.parseInt(String(body.expectedVersion ?? ''), 10);
    const parsed = parseForm(
      PayeeBodySchema,
      { ...values, ...(Number.isSafeInteger(expectedVersion) ? { expectedVersion } : {}) },
      { fieldIds: FIELD_IDS, whenEmpty: { method: 'Chọn hình thức chi trả' } },
    );
    const redisplay = (extra: Pick<ShowOptions, 'errors' | 'problem'>, status: number) =>
      show(
        context,
        res,
        code,
        { values: { ...values, recipientIdNumber: '' }, expectedVersion, ...extra },
        status,
      );
    if (!parsed.ok) {
      await redisplay({ errors: parsed.errors }, 422);
      return;
    }
    try {
      await savePayee(deps, actorOf(userOf(res), clientAddressOf(req)), code, parsed.data);
    } catch (error) {
      if (
        !(error instanceof AppError) ||
        error.status >= 500 ||
        error.status === 403 ||
        error.status === 404
      ) {
        throw error;
      }
      const fieldErrors = (error.fieldErrors ?? []).map((fieldError) => ({
        field: fieldError.path.replace(/^body\./, ''),
        message: fieldError.message,
      }));
      await redisplay(
        fieldErrors.length ? { errors: fieldErrors } : { problem: error.message },
        error.status === 400 ? 422 : error.status,
      );
      return;
    }
    res.redirect(303, `${payeePath(code)}?xong=1`);
  });

  // Masked by default; the reveal is a POST (never a link a browser prefetches) and is recorded in app/.
  router.post('/can-bo/ho-so/:code/chi-tra/hien-so-dinh-danh', readers, async (req, res) => {
    await show(context, res, codeOf(req), {
      reveal: true,
      notice: 'Đang hiện số định danh của người nhận thay. Lần xem này đã được ghi lại.',
    });
  });

  router.post('/can-bo/ho-so/:code/chi-tra/cap-the', editors, async (req, res) => {
    const code = codeOf(req);
    try {
      await issueCard(deps, actorOf(userOf(res), clientAddressOf(req)), code);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 409) throw error;
      await show(context, res, code, { problem: error.message }, 409);
      return;
    }
    res.redirect(303, `${payeePath(code)}?xong=2`);
  });

  router.post('/can-bo/ho-so/:code/chi-tra/cap-lai-the', editors, async (req, res) => {
    const code = codeOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const reason = typeof body.reason === 'string' ? body.reason : '';
    const parsed = parseForm(
      CardReissueBodySchema,
      { reason },
      { whenEmpty: { reason: 'Nhập lý do cấp lại thẻ' } },
    );
    if (!parsed.ok) {
      const errors = parsed.errors.map((error) => ({ ...error, field: 'reissueReason' }));
      await show(context, res, code, { reissueReason: reason, errors }, 422);
      return;
    }
    try {
      await reissueCard(deps, actorOf(userOf(res), clientAddressOf(req)), code, parsed.data.reason);
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 404 && error.status !== 409)) throw error;
      await show(
        context,
        res,
        code,
        { reissueReason: reason, errors: [{ field: 'reissueReason', message: error.message }] },
        error.status,
      );
      return;
    }
    res.redirect(303, `${payeePath(code)}?xong=4`);
  });

  router.post('/can-bo/ho-so/:code/chi-tra/khoi-phuc', editors, async (req, res) => {
    const code = codeOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const liftValues = {
      remediedOn: typeof body.remediedOn === 'string' ? body.remediedOn : '',
      remedy: typeof body.remedy === 'string' ? body.remedy : '',
    };
    const parsed = parseForm(LiftFormSchema, liftValues, {
      whenEmpty: { remediedOn: 'Nhập ngày khắc phục', remedy: 'Ghi rõ người hưởng đã khắc phục thế nào' },
    });
    if (!parsed.ok) {
      await show(context, res, code, { liftValues, errors: parsed.errors }, 422);
      return;
    }
    try {
      await liftSuspension(deps, actorOf(userOf(res), clientAddressOf(req)), code, parsed.data);
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error;
      const errors = (error.fieldErrors ?? []).map((fieldError) => ({
        field: fieldError.path.replace(/^body\./, ''),
        message: fieldError.message,
      }));
      await show(
        context,
        res,
        code,
        { liftValues, errors: errors.length ? errors : [{ field: 'remediedOn', message: error.message }] },
        error.status === 400 ? 422 : error.status,
      );
      return;
    }
    res.redirect(303, `${payeePath(code)}?xong=3`);
  });

  // The card to print: the print view (HTML) opens in a tab, the PDF is a file to save.
  for (const [suffix, format] of [
    ['', 'html'],
    ['/pdf', 'pdf'],
  ] as const) {
    router.get(`/can-bo/ho-so/:code/chi-tra/the${suffix}`, readers, async (req, res) => {
      sendDocument(res, await printableCard(deps, userOf(res), codeOf(req), format), { download: true });
    });
  }
};
