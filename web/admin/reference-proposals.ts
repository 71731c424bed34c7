/**
 * `/quan-tri/de-xuat`: reference data proposed from new instruments, each with what it changes, its source
 * (number, issuer, date, link, note) and confidence; pending ones first with 'Xác nhận và áp dụng' (not on one's
 * own proposal: another admin confirms) and 'Từ chối' with a reason; decided ones below with who and when. After
 * a base level is confirmed the page says how many entitlements were recomputed and the arrears it created.
 * Both forms carry a key (web/form-once.ts) and go through app/admin/reference-proposals.ts as the API does.
 */
import type { Request, Response } from 'express';
import { actorOf } from '../../app/audit';
import {
  CONFIDENCE_WORDS,
  confirmProposal,
  listReferenceProposals,
  rejectProposal,
  type Proposal,
} from '../../app/admin/reference-proposals';
import { AppError } from '../../app/errors';
import { clientAddressOf } from '../../http/client-address';
import type { PageModule } from '../app';
import { formKeyOf, newFormKey, oncePerFormKey } from '../form-once';
import { renderPage, userOf, type PageFieldError } from '../page';
import { requireOfficer } from '../session';

const PATH = '/quan-tri/de-xuat';
const CONFIDENCE_TAGS = { verified: 'tag-ok', secondary: 'tag-soon', weak: 'tag-overdue' } as const;
const CONFIDENCE_ICONS = { verified: '✓', secondary: '!', weak: '⚠' } as const;

function idOf(req: Request): number | undefined {
  const raw = req.params['id'];
  return typeof raw === 'string' && /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : undefined;
}

function forPage(proposal: Proposal, userId: string) {
  return {
    ...proposal,
    confidenceTag: CONFIDENCE_WORDS[proposal.confidence].tag,
    confidenceMeaning: CONFIDENCE_WORDS[proposal.confidence].meaning,
    confidenceClass: CONFIDENCE_TAGS[proposal.confidence],
    confidenceIcon: CONFIDENCE_ICONS[proposal.confidence],
    isOwn: proposal.proposedByUserId === userId,
    isBaseLevel: proposal.kind === 'base_level',
    confirmKey: newFormKey(),
    rejectKey: newFormKey(),
  };
}

export const adminReferenceProposalPages: PageModule = (router, { deps, views }) => {
  async function show(
    req: Request,
    res: Response,
    errors: PageFieldError[] = [],
    status = 200,
    reasons: Record<string, string> = {},
  ) {
    const user = userOf(res);
    const proposals = (await listReferenceProposals(deps)).map((proposal) => forPage(proposal, user.id));
    const shown = (name: string) => {
      const value = req.query[name];
      return typeof value === 'string'
        ? proposals.find((proposal) => String(proposal.id) === value)
        : undefined;
    };
    renderPage(
      views,
      res,
      'admin/reference-proposals',
      {
        title: 'Đề xuất theo văn bản mới',
        errors,
        pending: proposals
          .filter((proposal) => proposal.status === 'pending')
          .map((proposal) => ({ ...proposal, reason: reasons[String(proposal.id)] ?? '' })),
        decided: proposals.filter((proposal) => proposal.status !== 'pending'),
        confirmed: errors.length ? undefined : shown('da-xac-nhan'),
        rejected: errors.length ? undefined : shown('da-tu-choi'),
      },
      status,
    );
  }

  /** An AppError of a decision: beside the button (or the reason), with the page around it. */
  async function showDecisionError(
    req: Request,
    res: Response,
    id: number,
    error: AppError,
    reasons: Record<string, string> = {},
  ) {
    const reasonErrors = (error.fieldErrors ?? []).filter((fieldError) => fieldError.path === 'body.reason');
    const errors: PageFieldError[] = reasonErrors.length
      ? reasonErrors.map((fieldError) => ({ field: `reason-${id}`, message: fieldError.message }))
      : [
          {
            field: `confirm-${id}`,
            message: error.fieldErrors?.length
              ? `${error.message}: ${error.fieldErrors.map((fieldError) => fieldError.message).join('; ')}`
              : error.message,
          },
        ];
    await show(req, res, errors, error.status === 400 ? 422 : error.status, reasons);
  }

  router.get(PATH, requireOfficer(['admin']), async (req, res) => {
    await show(req, res);
  });

  router.post(`${PATH}/:id/xac-nhan`, requireOfficer(['admin']), async (req, res) => {
    const id = idOf(req);
    if (id === undefined) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy đề xuất này');
    const user = userOf(res);
    try {
      await oncePerFormKey(
        deps,
        { name: 'reference-confirm', user, key: formKeyOf(req.body), request: { id } },
        async (client) => {
          await confirmProposal(deps, actorOf(user, clientAddressOf(req)), id, client);
          return { id };
        },
      );
    } catch (error) {
      if (error instanceof AppError && error.status < 500 && error.status !== 404) {
        await showDecisionError(req, res, id, error);
        return;
      }
      throw error;
    }
    res.redirect(303, `${PATH}?da-xac-nhan=${id}#ket-qua`);
  });

  router.post(`${PATH}/:id/tu-choi`, requireOfficer(['admin']), async (req, res) => {
    const id = idOf(req);
    if (id === undefined) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy đề xuất này');
    const user = userOf(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const reason = typeof body.reason === 'string' ? body.reason : '';
    try {
      await oncePerFormKey(
        deps,
        { name: 'reference-reject', user, key: formKeyOf(body), request: { id, reason } },
        async (client) => {
          await rejectProposal(deps, actorOf(user, clientAddressOf(req)), id, { reason }, client);
          return { id };
        },
      );
    } catch (error) {
      if (error instanceof AppError && error.status < 500 && error.status !== 404) {
        await showDecisionError(req, res, id, error, { [String(id)]: reason });
        return;
      }
      throw error;
    }
    res.redirect(303, `${PATH}?da-tu-choi=${id}#ket-qua`);
  });
};
