/**
 * `/can-bo/tiep-nhan`: the one-stop desk (Bộ phận Một cửa), for intake clerks only. One page with the online
 * submissions waiting for the completeness check (the clerk's open intake_check tasks, from the same use case
 * as the inbox; each is checked on its dossier page, where accept / form 02 / form 03 already are) and the way
 * to receive a walk-in application: `/can-bo/tiep-nhan/moi` (choose the procedure) →
 * `/can-bo/tiep-nhan/moi/:procedureId` (the same form as the citizen's online one, web/application-form.ts,
 * with the commune fixed to the clerk's own and the scanned papers) → post/redirect/get to
 * `/can-bo/tiep-nhan/ket-qua/:code`: the code, the official appointment date and the receipt (form 01).
 */
import { clientAddressOf } from '../../http/client-address';
import { actorOf } from '../../app/audit';
import type { Response } from 'express';
import { submitWalkInApplication } from '../../app/dossiers/online-application';
import { officerDossier } from '../../app/dossiers/officer';
import { findReceipt, waitForReceipt } from '../../app/dossiers/receipt';
import { DossierCodeSchema } from '../../app/dossiers/schemas';
import { AppError } from '../../app/errors';
import { proceduresOnOffer } from '../../app/procedures/catalogue';
import { taskInbox } from '../../app/tasks/inbox';
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
import { localsOf, renderPage, type PageFieldError } from '../page';
import { requireOfficer } from '../session';
import { dossierPath } from './dossier';
import { deadlineOf } from './inbox';

export const DESK = '/can-bo/tiep-nhan';
const clerksOnly = requireOfficer(['intake_clerk']);

export const deskPages: PageModule = (router, context) => {
  const { deps, views } = context;

  router.get(DESK, clerksOnly, async (_req, res) => {
    const user = localsOf(res).auth!.user;
    const page = await taskInbox(deps, user, { status: 'open', step: 'intake_check', limit: 100 });
    renderPage(views, res, 'officer/desk', {
      title: 'Tiếp nhận hồ sơ',
      tasks: page.tasks.map((task) => ({ ...task, deadline: deadlineOf(task) })),
      more: !!page.nextCursor,
    });
  });

  router.get(`${DESK}/moi`, clerksOnly, async (_req, res) => {
    const procedures = await proceduresOnOffer(deps);
    renderPage(views, res, 'officer/desk-choose', { title: 'Tiếp nhận hồ sơ trực tiếp', procedures });
  });

  function showForm(
    res: Response,
    data: ApplicationFormData,
    values: FormFields,
    errors: PageFieldError[] = [],
    status = 200,
  ) {
    const communeCode = localsOf(res).auth!.user.unitCode ?? '';
    renderPage(
      views,
      res,
      'officer/desk-new',
      {
        title: `Tiếp nhận hồ sơ trực tiếp: ${data.procedure.title}`,
        closedField: CLOSED_FIELD,
        ...applicationFormView(data, values, communeCode),
        checkUrl: `${DESK}/moi/${data.procedure.id}/kiem-tra`,
        errors,
      },
      status,
    );
  }

  router.get(`${DESK}/moi/:procedureId`, clerksOnly, async (req, res) => {
    const data = await loadApplicationForm(deps, String(req.params.procedureId));
    showForm(
      res,
      data,
      { applicantGender: '', beneficiaryGender: '', applicantNotifyBy: 'sms' },
      openingErrors(data),
    );
  });

  // One field checked as the clerk leaves it (htmx), by the rules the submission applies.
  router.post(`${DESK}/moi/:procedureId/kiem-tra`, clerksOnly, async (req, res) => {
    answerFieldCheck(req, res, views, await loadApplicationForm(deps, String(req.params.procedureId)));
  });

  router.post(`${DESK}/moi/:procedureId`, clerksOnly, async (req, res) => {
    const user = localsOf(res).auth!.user;
    const data = await loadApplicationForm(deps, String(req.params.procedureId));
    // The desk receives for its own commune only (as POST /api/desk/dossiers): whatever the form says, the
    // commune is the clerk's.
    if (!user.unitCode || data.unitsByCode.get(user.unitCode)?.level !== 'commune') {
      throw new AppError(
        403,
        'FORBIDDEN',
        'Bộ phận Một cửa chỉ tiếp nhận hồ sơ của xã, phường, thị trấn mình',
      );
    }
    const received = await receiveApplicationForm(req, context, data, {
      uploadedBy: user.id,
      batchPrefix: `desk ${user.id}`,
      fixedCommune: user.unitCode,
    });
    if (!received.ok) return showForm(res, data, received.values, received.errors, received.status);
    let code: string;
    try {
      const { submission } = await submitWalkInApplication(deps, {
        procedureId: data.procedure.id,
        application: received.application,
        staging: received.staging,
        fingerprint: received.fingerprint,
        receivedBy: user.id,
      });
      code = submission.code;
    } catch (error) {
      if ((error instanceof AppError && error.code === 'VALIDATION_FAILED') || refusesWholeDossier(error)) {
        const refused = await received.refusedBy(error);
        return showForm(res, data, refused.values, refused.errors, refused.status);
      }
      throw error;
    }
    // The workflow accepts a walk-in at once, through activities: wait briefly (as the API does) so the
    // result page usually shows the receipt already; if not, it says so and a reload finds it.
    await waitForReceipt(deps.pool, code);
    res.redirect(303, `${DESK}/ket-qua/${code}`);
  });

  router.get(`${DESK}/ket-qua/:code`, clerksOnly, async (req, res) => {
    const code = DossierCodeSchema.safeParse(req.params.code);
    if (!code.success) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy hồ sơ');
    // The officer view decides whether this clerk may see the dossier (unit scope), as on its own page.
    const view = await officerDossier(
      deps,
      actorOf(localsOf(res).auth!.user, clientAddressOf(req)),
      code.data,
    );
    const receipt = await findReceipt(deps.pool, code.data);
    res.set('Cache-Control', 'private, no-store');
    renderPage(views, res, 'officer/desk-result', {
      title: `Đã tiếp nhận hồ sơ ${code.data}`,
      dossier: view.dossier,
      receipt,
      receiptUrl: receipt?.documentId ? `${dossierPath(code.data)}/van-ban/${receipt.documentId}` : null,
      dossierUrl: dossierPath(code.data),
    });
  });
};
