/**
 * `/tra-cuu`: a citizen follows a dossier with its code and a second factor, sent by POST so neither ends up
 * in a URL, a browser history or a server log. The answer is the whole public timeline; its documents are
 * downloaded through another POST with the same two fields.
 */
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { attachmentsOf, discardStaged, stageUploads } from '../../app/attachments/attachments';
import { UploadRefusedError } from '../../app/attachments/limits';
import {
  citizenDocument,
  sendSupplement,
  trackDossier,
  type CitizenAccess,
} from '../../app/dossiers/citizen';
import { dossierForCitizen } from '../../app/dossiers/second-factor';
import { bytesOfDossier, tieStagedAttachments } from '../../db/attachments';
import { fieldOf, fieldsSentBefore, receiveMultipart, type FormFields } from '../../http/multipart';
import { DossierCodeSchema, WithdrawalBodySchema } from '../../app/dossiers/schemas';
import { withdrawByCitizen } from '../../app/dossiers/withdrawal';
import { AppError } from '../../app/errors';
import { PhoneSchema } from '../../domain/application';
import { clientAddressOf } from '../../http/client-address';
import { sendDocument } from '../../http/send-document';
import { monthText } from '../officer/labels';
import type { PageModule } from '../app';
import { renderPage, type PageFieldError } from '../page';
import { parseForm } from '../form-errors';

/** The form: a code and either the phone on the application or the last 4 digits of the ID number. */
const TrackingFormSchema = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .refine((code) => DossierCodeSchema.safeParse(code).success, {
        error: 'Nhập mã hồ sơ đúng như trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, ví dụ 26170-261201-0001',
      }),
    factorKind: z.enum(['phone', 'idLast4'], { error: 'Chọn cách xác thực' }),
    factor: z.string().trim(),
  })
  .superRefine((form, context) => {
    const valid =
      form.factorKind === 'phone' ? PhoneSchema.safeParse(form.factor).success : /^\d{4}$/.test(form.factor);
    if (!valid) {
      context.addIssue({
        code: 'custom',
        path: ['factor'],
        message:
          form.factorKind === 'phone'
            ? 'Nhập số điện thoại di động đã ghi trong hồ sơ, ví dụ 0912345678'
            : 'Nhập đúng 4 chữ số cuối của số định danh cá nhân',
      });
    }
  });
type TrackingForm = z.output<typeof TrackingFormSchema>;

const FIELD_IDS: Record<string, string> = { code: 'code', factorKind: 'factorKind-phone', factor: 'factor' };

function accessOf(form: TrackingForm, req: Request): CitizenAccess {
  return {
    code: form.code,
    factor: form.factorKind === 'phone' ? { phone: form.factor } : { idLast4: form.factor },
    clientAddress: clientAddressOf(req),
  };
}

/** One file input per missing document (their titles come back as hidden fields), and one for anything else. */
const MAX_MISSING = 10;
const SUPPLEMENT_FILES = [...Array.from({ length: MAX_MISSING }, (_, i) => `giayTo-${i}`), 'giayToKhac'];
const SUPPLEMENT_ID = /^[A-Za-z0-9_-]{24}$/;

export const trackingPages: PageModule = (router, context) => {
  const { deps, views } = context;
  /**
   * The tracking result is always the answer of a POST (the second factor never goes into a URL), so a
   * supplement answers with the result itself, with a confirmation; the factor rides along in hidden fields.
   */
  const showResult = async (
    req: Request,
    res: Response,
    form: TrackingForm,
    extra: {
      supplementSent?: string;
      withdrawn?: string;
      withdrawalReason?: string;
      errors?: PageFieldError[];
    } = {},
    status = 200,
  ) => {
    const dossier = await trackDossier(deps, accessOf(form, req));
    renderPage(
      views,
      res,
      'tracking-result',
      {
        title: `Hồ sơ ${dossier.code}`,
        dossier,
        paymentStartText: monthText(dossier.decision?.paymentStartMonth),
        access: form,
        // A new id per page shown: sending the same page twice records one supplement.
        supplementId: randomBytes(18).toString('base64url'),
        missingDocuments: (dossier.awaitingSupplement?.missingDocuments ?? [])
          .slice(0, MAX_MISSING)
          .map((title, index) => ({ title, input: `giayTo-${index}` })),
        ...extra,
      },
      status,
    );
  };

  const showForm = (
    res: Parameters<typeof renderPage>[1],
    values: Record<string, unknown>,
    errors: PageFieldError[] = [],
    status = 200,
  ) => renderPage(views, res, 'tracking-form', { title: 'Tra cứu hồ sơ', values, errors }, status);

  router.get('/tra-cuu', (req, res) => {
    const code = typeof req.query.ma === 'string' ? req.query.ma : '';
    showForm(res, { code, factorKind: 'phone' });
  });

  router.post('/tra-cuu', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = parseForm(TrackingFormSchema, body, {
      fieldIds: FIELD_IDS,
      whenEmpty: {
        code: 'Nhập mã hồ sơ ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
        factor: 'Nhập số điện thoại hoặc 4 số cuối số định danh cá nhân',
      },
    });
    if (!parsed.ok) {
      showForm(res, body, parsed.errors, 422);
      return;
    }
    try {
      await showResult(req, res, parsed.data);
    } catch (error) {
      if (error instanceof AppError && (error.status === 404 || error.status === 429)) {
        if (error.headers) res.set(error.headers);
        showForm(res, body, [{ field: 'code', message: error.message }], error.status);
        return;
      }
      throw error;
    }
  });

  router.post('/tra-cuu/van-ban', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = TrackingFormSchema.safeParse(body);
    const documentId = z.uuid().safeParse(body.documentId);
    if (!parsed.success || !documentId.success)
      throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy văn bản');
    sendDocument(res, await citizenDocument(deps, accessOf(parsed.data, req), documentId.data), {
      download: true,
    });
  });

  /**
   * Withdrawal in two steps, without JavaScript: the reason (on the result page), then a page that asks to
   * confirm; only the confirmed form withdraws. A repeated confirmation answers the withdrawal already made.
   */
  router.post('/tra-cuu/rut-ho-so', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = TrackingFormSchema.safeParse(body);
    if (!parsed.success)
      throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy hồ sơ với mã và thông tin xác thực đã nhập');
    const form = parsed.data;
    const typed = typeof body.reason === 'string' ? body.reason : '';
    const reason = WithdrawalBodySchema.shape.reason.safeParse(typed);
    if (!reason.success) {
      const message = typed.trim()
        ? (reason.error.issues[0]?.message ?? 'Lý do không hợp lệ')
        : 'Nhập lý do rút hồ sơ';
      await showResult(
        req,
        res,
        form,
        { withdrawalReason: typed, errors: [{ field: 'reason', message }] },
        422,
      );
      return;
    }
    if (body.confirm !== 'yes') {
      const dossier = await trackDossier(deps, accessOf(form, req));
      renderPage(views, res, 'tracking-withdraw-confirm', {
        title: `Xác nhận rút hồ sơ ${dossier.code}`,
        dossier,
        access: form,
        reason: reason.data,
      });
      return;
    }
    try {
      const withdrawn = await withdrawByCitizen(deps, accessOf(form, req), { reason: reason.data });
      await showResult(req, res, form, { withdrawn: withdrawn.message });
    } catch (error) {
      if (error instanceof AppError && error.status === 409) {
        await showResult(req, res, form, { errors: [{ field: 'reason', message: error.message }] }, 409);
        return;
      }
      throw error;
    }
  });

  router.post('/tra-cuu/bo-sung', async (req, res) => {
    const { store, limits } = attachmentsOf(deps);
    let form: TrackingForm | undefined;
    const formOf = (fields: FormFields) => {
      const parsed = TrackingFormSchema.safeParse(fields);
      if (!parsed.success)
        throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy hồ sơ với mã và thông tin xác thực đã nhập');
      return parsed.data;
    };
    let body;
    try {
      body = await receiveMultipart(req, {
        store,
        limits,
        fileFields: SUPPLEMENT_FILES,
        // CSRF and the second factor are checked before a byte is kept: a stranger stores nothing.
        beforeFirstFile: async (fields) => {
          context.checkCsrf(req, fields);
          form = formOf(fields);
          const dossier = await dossierForCitizen(
            deps,
            form.code,
            accessOf(form, req).factor,
            clientAddressOf(req),
          );
          return bytesOfDossier(deps.pool, dossier.code);
        },
      });
      context.checkCsrf(req, body.fields);
      form = formOf(body.fields);
    } catch (error) {
      const fields = fieldsSentBefore(error);
      if (error instanceof UploadRefusedError && fields && form) {
        await showResult(
          req,
          res,
          form,
          { errors: [{ field: error.field, message: error.message }] },
          error.status,
        );
        return;
      }
      throw error;
    }
    const { fields, files } = body;
    const supplementId = fieldOf(fields, 'supplementId');
    if (!SUPPLEMENT_ID.test(supplementId))
      throw new AppError(400, 'BAD_FORM', 'Biểu mẫu không hợp lệ. Vui lòng tải lại trang và gửi lại.');
    if (files.length === 0) {
      await showResult(
        req,
        res,
        form,
        {
          errors: [
            { field: 'giayTo-0', message: 'Chọn ít nhất một tệp giấy tờ cần bổ sung (PDF, JPG hoặc PNG)' },
          ],
        },
        422,
      );
      return;
    }
    const kindOf = (field: string) => {
      const index = /^giayTo-(\d+)$/.exec(field)?.[1];
      const title = index === undefined ? '' : fieldOf(fields, `kind-${index}`).trim().slice(0, 200);
      return title || 'Giấy tờ bổ sung khác';
    };
    const access = accessOf(form, req);
    const staging = { token: randomBytes(18).toString('base64url'), batch: `supplement ${supplementId}` };
    const uploaded = files.map((file) => ({ ...file, kind: kindOf(file.field) }));
    await stageUploads(deps, staging, 'citizen', uploaded);
    try {
      const sent = await sendSupplement(deps, access, {
        supplementId: `web-${supplementId}`,
        documents: uploaded.map((file) => ({ name: file.filename, kind: file.kind })),
      });
      // After the workflow has the supplement: a resend ties nothing (its batch is tied) and its copies go.
      const tied = await tieStagedAttachments(deps.pool, { ...staging, dossierCode: form.code });
      if (tied === 0) await discardStaged(deps, staging.token);
      await showResult(req, res, form, { supplementSent: sent.message });
    } catch (error) {
      await discardStaged(deps, staging.token);
      if (error instanceof AppError && error.status === 409) {
        await showResult(req, res, form, { errors: [{ field: 'giayTo-0', message: error.message }] }, 409);
        return;
      }
      throw error;
    }
  });
};
