/**
 * `/tra-cuu`: a citizen follows a dossier with its code and a second factor, sent by POST so neither ends up
 * in a URL, a browser history or a server log. The answer is the whole public timeline; its documents are
 * downloaded through another POST with the same two fields.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { citizenDocument, trackDossier, type CitizenAccess } from '../../app/dossiers/citizen';
import { DossierCodeSchema } from '../../app/dossiers/schemas';
import { AppError } from '../../app/errors';
import { PhoneSchema } from '../../domain/application';
import { clientAddressOf } from '../../http/client-address';
import { sendDocument } from '../../http/send-document';
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

export const trackingPages: PageModule = (router, { deps, views }) => {
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
      const dossier = await trackDossier(deps, accessOf(parsed.data, req));
      renderPage(views, res, 'tracking-result', {
        title: `Hồ sơ ${dossier.code}`,
        dossier,
        access: parsed.data,
      });
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
    sendDocument(res, await citizenDocument(deps, accessOf(parsed.data, req), documentId.data));
  });
};
