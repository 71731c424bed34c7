/**
 * New instruments as reviewable data: proposals of reference data with their source and confidence, confirmed
 * by a second admin (or rejected) before they take effect; and the arrears a late base level created. The rules
 * are in app/admin/reference-proposals.ts and app/admin/entitlement-arrears.ts (the pages call the same).
 */
import { z } from 'zod';
import { actorOf } from '../../app/audit';
import { entitlementArrears } from '../../app/admin/entitlement-arrears';
import {
  CONFIDENCES,
  confirmProposal,
  listReferenceProposals,
  NewProposalSchema,
  PROPOSAL_KINDS,
  PROPOSAL_STATUSES,
  proposeReference,
  referenceProposal,
  rejectProposal,
  RejectionSchema,
  SourceSchema,
} from '../../app/admin/reference-proposals';
import { clientAddressOf } from '../../http/client-address';
import type { RouteModule } from '../route-registry';

const ArrearsSummarySchema = z
  .object({
    entitlements: z.number().int().meta({ description: 'Entitlements with arrears' }),
    months: z.number().int().meta({ description: 'Arrears rows (entitlement × month)' }),
    total: z.number().int().meta({ description: 'VND' }),
  })
  .meta({ id: 'ArrearsSummary' });

const ProposalSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(PROPOSAL_KINDS),
    payload: z
      .record(z.string(), z.unknown())
      .meta({ description: 'The data, as the direct endpoint takes it' }),
    summary: z.string().meta({ description: 'What it changes, in Vietnamese' }),
    source: SourceSchema,
    confidence: z.enum(CONFIDENCES),
    status: z.enum(PROPOSAL_STATUSES),
    proposedAt: z.iso.datetime(),
    proposedBy: z.string().nullable().meta({ description: 'Null: shipped with a release' }),
    proposedByUserId: z.string().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    decidedBy: z.string().nullable(),
    decidedByUserId: z.string().nullable(),
    decisionReason: z.string().nullable(),
    arrears: ArrearsSummarySchema.extend({
      amountsChanged: z
        .number()
        .int()
        .meta({ description: 'Active entitlements whose amount the confirmation changed' }),
    })
      .optional()
      .meta({ description: 'A confirmed base level: the arrears stored for it now, every unit' }),
  })
  .meta({ id: 'ReferenceProposal' });

const IdParams = z.strictObject({
  id: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, { error: 'Mã đề xuất là số nguyên dương' })
    .transform(Number),
});

export const referenceProposalRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/admin/reference-proposals',
    summary: 'Proposed reference data: pending first (oldest first), then decided ones',
    tags: ['admin: reference proposals'],
    auth: ['admin', 'auditor'],
    query: z.strictObject({ status: z.enum(PROPOSAL_STATUSES).optional() }),
    response: {
      status: 200,
      description: 'Proposals',
      schema: z.object({ proposals: z.array(ProposalSchema) }),
    },
    handler: async ({ query }) => ({ proposals: await listReferenceProposals(deps, query.status) }),
  });

  routes.add({
    method: 'get',
    path: '/api/admin/reference-proposals/:id',
    summary: 'One proposal',
    tags: ['admin: reference proposals'],
    auth: ['admin', 'auditor'],
    params: IdParams,
    response: { status: 200, description: 'The proposal', schema: ProposalSchema },
    errors: [404],
    handler: async ({ params }) => referenceProposal(deps, params.id),
  });

  routes.add({
    method: 'post',
    path: '/api/admin/reference-proposals',
    summary: 'Propose reference data from a new instrument (takes effect only once another admin confirms)',
    description:
      '`payload` is the body of the direct endpoint of its kind (base level, official notice, provincial ' +
      'override, annual holiday) or `{procedureId, change}` for a procedure version; `source` says where it ' +
      'comes from and `confidence` how sure it is (verified [V], secondary [S], weak [U]).',
    tags: ['admin: reference proposals'],
    auth: ['admin'],
    body: NewProposalSchema,
    response: { status: 201, description: 'Stored, pending', schema: ProposalSchema },
    handler: async ({ body, auth, req }) =>
      proposeReference(deps, actorOf(auth.user, clientAddressOf(req)), body),
  });

  routes.add({
    method: 'post',
    path: '/api/admin/reference-proposals/:id/confirm',
    summary: 'Confirm a proposal: it takes effect (a base level also recomputes entitlements and arrears)',
    description:
      'Not by its proposer (403 OWN_PROPOSAL). Confirmed already: the proposal as it is, nothing redone. ' +
      'Rejected: 409 PROPOSAL_DECIDED. The data is checked as the direct endpoint checks it (400, 409).',
    tags: ['admin: reference proposals'],
    auth: ['admin'],
    params: IdParams,
    response: { status: 200, description: 'The confirmed proposal', schema: ProposalSchema },
    errors: [404, 409],
    handler: async ({ params, auth, req }) =>
      confirmProposal(deps, actorOf(auth.user, clientAddressOf(req)), params.id),
  });

  routes.add({
    method: 'post',
    path: '/api/admin/reference-proposals/:id/reject',
    summary: 'Reject a proposal with a reason (its proposer may: a withdrawal)',
    description: 'Rejected already: the proposal as it is. Confirmed: 409 PROPOSAL_DECIDED.',
    tags: ['admin: reference proposals'],
    auth: ['admin'],
    params: IdParams,
    body: RejectionSchema,
    response: { status: 200, description: 'The rejected proposal', schema: ProposalSchema },
    errors: [404, 409],
    handler: async ({ params, body, auth, req }) =>
      rejectProposal(deps, actorOf(auth.user, clientAddressOf(req)), params.id, body),
  });

  routes.add({
    method: 'get',
    path: '/api/admin/entitlement-arrears',
    summary: 'Arrears owed on monthly entitlements after a late base level, per entitlement and month',
    description: 'Entitlements of the caller’s units only; `proposalId` for one base-level change.',
    tags: ['admin: reference proposals'],
    auth: ['admin', 'auditor', 'payment_officer'],
    query: z.strictObject({
      proposalId: IdParams.shape.id.optional(),
      dossierCode: z.string().max(60).optional(),
    }),
    response: {
      status: 200,
      description: 'Arrears with their sums',
      schema: z.object({
        summary: ArrearsSummarySchema,
        entitlements: z.array(
          z.object({
            dossierCode: z.string(),
            communeCode: z.string(),
            monthlyAmount: z.number().int().nullable().meta({ description: 'Amount paid now, VND' }),
            total: z.number().int(),
            months: z.array(
              z.object({
                month: z.string().meta({ example: '2026-07' }),
                proposalId: z.number().int(),
                previousAmount: z.number().int(),
                newAmount: z.number().int(),
                amount: z.number().int(),
              }),
            ),
          }),
        ),
      }),
    },
    handler: async ({ query, auth }) => entitlementArrears(deps, auth.user, query),
  });
};
