/**
 * `/nop-ho-so/:procedureId`: the online application, one page (applicant, beneficiary, the clauses, the
 * commune, the papers), multipart because it carries files. The form itself (fields, parsing, receiving the
 * files) is web/application-form.ts, shared with the desk's walk-in form; on error the page comes back with a summary,
 * a message beside each field and what was typed — files must be chosen again (a browser never keeps them).
 * On success: post/redirect/get to the receipt.
 *
 * The receipt URL carries a 256-bit token derived from the form's random key with the server's secret
 * (HMAC): only the browser that sent the form learns it, a double submit of the same form derives the same
 * one (same receipt), and the database keeps only its hash. Guessing a receipt URL is hopeless, and even a
 * leaked one (a shared phone's history) shows only what the paper receipt shows: no phone, no ID, no name.
 * Showing the receipt only as the POST's answer would have lost it on a reload and broken the back button.
 */
import { createHmac } from 'node:crypto';
import type { Response } from 'express';
import { sweepStagedAttachments } from '../../app/attachments/attachments';
import { onlineReceipt, submitOnlineApplication } from '../../app/dossiers/online-application';
import { AppError } from '../../app/errors';
import { clientAddressOf } from '../../http/client-address';
import type { FormFields } from '../../http/multipart';
import type { PageModule } from '../app';
import {
  answerFieldCheck,
  applicationFormView,
  CLOSED_FIELD,
  loadApplicationForm,
  openingErrors,
  receiveApplicationForm,
  refusesWholeDossier,
  type ApplicationFormData,
} from '../application-form';
import { renderPage, type PageFieldError } from '../page';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const applyPages: PageModule = (router, context) => {
  const { deps, views } = context;
  // Staged files of forms that never finished (a crash mid-request) are swept at most once an hour per process,
  // from the one page that stages most; no scheduler needed for a cleanup that may run late.
  let lastSweep = 0;
  const sweepNowAndThen = () => {
    const now = Date.now();
    if (now - lastSweep < 60 * 60 * 1000) return;
    lastSweep = now;
    sweepStagedAttachments(deps).catch((error: unknown) =>
      (deps.logError ?? console.error)('sweeping staged attachments', error),
    );
  };

  function showForm(
    res: Response,
    data: ApplicationFormData,
    values: FormFields,
    errors: PageFieldError[] = [],
    status = 200,
  ) {
    renderPage(
      views,
      res,
      'apply',
      {
        title: `Nộp hồ sơ trực tuyến: ${data.procedure.title}`,
        closedField: CLOSED_FIELD,
        ...applicationFormView(data, values),
        checkUrl: `/nop-ho-so/${data.procedure.id}/kiem-tra`,
        errors,
      },
      status,
    );
  }

  router.get('/nop-ho-so/:procedureId', async (req, res) => {
    const data = await loadApplicationForm(deps, String(req.params.procedureId));
    showForm(
      res,
      data,
      { applicantGender: '', beneficiaryGender: '', applicantNotifyBy: 'sms' },
      openingErrors(data),
    );
  });

  // One field checked as the citizen leaves it (htmx), by the rules the submission applies.
  router.post('/nop-ho-so/:procedureId/kiem-tra', async (req, res) => {
    answerFieldCheck(req, res, views, await loadApplicationForm(deps, String(req.params.procedureId)));
  });

  router.post('/nop-ho-so/:procedureId', async (req, res) => {
    const data = await loadApplicationForm(deps, String(req.params.procedureId));
    sweepNowAndThen();
    const received = await receiveApplicationForm(req, context, data, {
      uploadedBy: 'citizen',
      batchPrefix: 'application',
    });
    if (!received.ok) return showForm(res, data, received.values, received.errors, received.status);
    const receiptToken = createHmac('sha256', deps.webSecret)
      .update(`receipt ${received.formKey}`)
      .digest('base64url');
    try {
      await submitOnlineApplication(deps, {
        procedureId: data.procedure.id,
        application: received.application,
        staging: received.staging,
        fingerprint: received.fingerprint,
        receiptToken,
        clientAddress: clientAddressOf(req),
      });
    } catch (error) {
      if ((error instanceof AppError && error.code === 'VALIDATION_FAILED') || refusesWholeDossier(error)) {
        const refused = await received.refusedBy(error);
        return showForm(res, data, refused.values, refused.errors, refused.status);
      }
      throw error;
    }
    res.redirect(303, `/nop-ho-so/bien-nhan/${receiptToken}`);
  });

  router.get('/nop-ho-so/bien-nhan/:token', async (req, res) => {
    const token = String(req.params.token);
    if (!TOKEN.test(token)) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy giấy biên nhận này');
    const submission = await onlineReceipt(deps, token);
    res.set('Cache-Control', 'private, no-store');
    renderPage(views, res, 'apply-receipt', { title: `Đã nộp hồ sơ ${submission.code}`, submission });
  });
};
