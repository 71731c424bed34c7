/**
 * Payees and beneficiary cards of an entitlement (keyed by its dossier code): thin over app/payments, which the
 * officer's payee page calls too.
 */
import { z } from 'zod';
import { actorOf } from '../../app/audit';
import { CodeParamsSchema } from '../../app/dossiers/schemas';
import { cardOf, issueCard, printableCard, reissueCard } from '../../app/payments/cards';
import { PAYEE_EDITORS, PAYEE_READERS } from '../../app/payments/entitlement-access';
import { payeeHistory, payeeOf, savePayee } from '../../app/payments/payees';
import {
  PayeeAnswerSchema,
  PayeeBodySchema,
  PayeeSchema,
  SuspensionLiftBodySchema,
  SuspensionLiftedSchema,
  CardReissueBodySchema,
} from '../../app/payments/schemas';
import { liftSuspension } from '../../app/payments/suspensions';
import { BANKS, E_WALLETS, PAYMENT_METHODS, PAYMENT_METHOD_TITLES } from '../../domain/payee';
import { clientAddressOf } from '../../http/client-address';
import { sendDocument } from '../../http/send-document';
import type { RouteModule } from '../route-registry';

const CardSchema = z
  .object({
    cardNumber: z
      .string()
      .meta({ description: '14 digits: commune, serial, ISO 7064 MOD 97-10 check digits' }),
    cardNumberText: z.string(),
    qrPayload: z
      .string()
      .meta({ description: 'What the QR code holds: TGXH:THE:1:<card number>, nothing else' }),
    issuedAt: z.iso.datetime(),
  })
  .meta({ id: 'BeneficiaryCard' });

const tags = ['payments: payees and cards'];
const readers = [...PAYEE_READERS];
const editors = [...PAYEE_EDITORS];

export const payeeRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/payment-options',
    summary: 'Payment methods, banks and e-wallets a payee may choose',
    tags,
    auth: 'authenticated',
    response: {
      status: 200,
      description: 'The lists',
      schema: z.object({
        methods: z.array(z.object({ code: z.enum(PAYMENT_METHODS), title: z.string() })),
        banks: z.array(z.object({ code: z.string(), bin: z.string(), name: z.string() })),
        eWallets: z.array(z.object({ code: z.string(), name: z.string() })),
      }),
    },
    handler: async () => ({
      methods: PAYMENT_METHODS.map((code) => ({ code, title: PAYMENT_METHOD_TITLES[code] })),
      banks: [...BANKS],
      eWallets: [...E_WALLETS],
    }),
  });

  routes.add({
    method: 'get',
    path: '/api/entitlements/:code/payee',
    summary: 'How an entitlement is paid (commune officers, payment officers, admins, auditors in scope)',
    description:
      'payee is null until one is registered. The authorised recipient’s ID number is masked unless a reader ' +
      'allowed to see it (commune and payment officers, admins) asks `reveal=sensitive`; the reveal is recorded ' +
      'in the audit log before the answer is sent.',
    tags,
    auth: readers,
    params: CodeParamsSchema,
    query: z.strictObject({
      reveal: z.literal('sensitive', { error: 'Chỉ nhận reveal=sensitive' }).optional(),
    }),
    response: { status: 200, description: 'The payee', schema: PayeeAnswerSchema },
    errors: [403, 404],
    handler: ({ params, query, auth, req }) =>
      payeeOf(deps, actorOf(auth.user, clientAddressOf(req)), params.code, {
        reveal: query.reveal === 'sensitive',
      }),
  });

  routes.add({
    method: 'put',
    path: '/api/entitlements/:code/payee',
    summary: 'Register or change how an entitlement is paid (commune officers, payment officers in scope)',
    description:
      'Bank account (bank from GET /api/payment-options, 6–19 digits, holder), e-wallet (provider, mobile ' +
      'number) or cash with a written reason (Directive 21/CT-TTg: non-cash is the rule). Each change is a new ' +
      'version, kept and audited; saving what is stored changes nothing. 409 PAYEE_CHANGED when ' +
      '`expectedVersion` is not the stored one, 409 ENTITLEMENT_ENDED once the entitlement is terminated.',
    tags,
    auth: editors,
    params: CodeParamsSchema,
    body: PayeeBodySchema,
    response: { status: 200, description: 'The payee as stored', schema: PayeeAnswerSchema },
    errors: [403, 404, 409],
    handler: ({ params, body, auth, req }) =>
      savePayee(deps, actorOf(auth.user, clientAddressOf(req)), params.code, body),
  });

  routes.add({
    method: 'get',
    path: '/api/entitlements/:code/payee/history',
    summary: 'Every version of an entitlement’s payee, newest first (ID numbers masked)',
    tags,
    auth: readers,
    params: CodeParamsSchema,
    response: {
      status: 200,
      description: 'Versions',
      schema: z.object({ versions: z.array(z.object({ payee: PayeeSchema, changes: z.array(z.string()) })) }),
    },
    errors: [403, 404],
    handler: async ({ params, auth }) => ({ versions: await payeeHistory(deps, auth.user, params.code) }),
  });

  routes.add({
    method: 'post',
    path: '/api/entitlements/:code/suspension/lift',
    summary:
      'Lift a suspension: the beneficiary came back or the ground was remedied (commune, payment officers)',
    description:
      'Within the 3 months after which a suspended allowance is terminated (DOMAIN.md §4.3). The entitlement is ' +
      'paid again from the next list, with the months held back as arrears and the unpaid lines issued again. ' +
      'Audited. 409 ENTITLEMENT_ENDED (terminated, also by a decision made while the lift ran), ' +
      'ENTITLEMENT_NOT_SUSPENDED, CHANGE_IN_PROGRESS, SUSPENSION_REMEDY_TOO_LATE (terminate ' +
      'instead); 400 VALIDATION_FAILED (a remedy date after today or before the suspension, no remedy).',
    tags,
    auth: editors,
    params: CodeParamsSchema,
    body: SuspensionLiftBodySchema,
    response: { status: 200, description: 'Paid again', schema: SuspensionLiftedSchema },
    errors: [403, 404, 409],
    handler: ({ params, body, auth, req }) =>
      liftSuspension(deps, actorOf(auth.user, clientAddressOf(req)), params.code, body),
  });

  routes.add({
    method: 'post',
    path: '/api/entitlements/:code/card/reissue',
    summary: 'Re-issue a lost or damaged card: a new number; a scan of the old one is refused (audited)',
    description:
      '404 CARD_NOT_ISSUED when the entitlement has no card yet (issue it instead); 409 ENTITLEMENT_ENDED once ' +
      'it is terminated. The old number is kept as replaced: GET /api/payrolls/{id}/card-lines answers 409 ' +
      'CARD_REPLACED for it.',
    tags,
    auth: editors,
    params: CodeParamsSchema,
    body: CardReissueBodySchema,
    response: {
      status: 200,
      description: 'The new card and the number it replaces',
      schema: z.object({ card: CardSchema, replaces: z.string() }),
    },
    errors: [403, 404, 409],
    handler: ({ params, body, auth, req }) =>
      reissueCard(deps, actorOf(auth.user, clientAddressOf(req)), params.code, body.reason),
  });

  routes.add({
    method: 'get',
    path: '/api/entitlements/:code/card',
    summary: 'The beneficiary card of an entitlement (null before one is issued)',
    tags,
    auth: readers,
    params: CodeParamsSchema,
    response: { status: 200, description: 'The card', schema: z.object({ card: CardSchema.nullable() }) },
    errors: [403, 404],
    handler: async ({ params, auth }) => ({ card: await cardOf(deps, auth.user, params.code) }),
  });

  routes.add({
    method: 'post',
    path: '/api/entitlements/:code/card',
    summary: 'Issue the beneficiary card (commune officers, payment officers); again answers the same card',
    tags,
    auth: editors,
    params: CodeParamsSchema,
    response: {
      status: 200,
      description: 'The card; issued false when it existed already',
      schema: z.object({ card: CardSchema, issued: z.boolean() }),
    },
    errors: [403, 404, 409],
    handler: ({ params, auth, req }) =>
      issueCard(deps, actorOf(auth.user, clientAddressOf(req)), params.code),
  });

  routes.add({
    method: 'get',
    path: '/api/entitlements/:code/card/print',
    summary: 'The printable card: the card at ID-1 size on an A4 sheet, with its QR code',
    tags,
    auth: readers,
    params: CodeParamsSchema,
    query: z.strictObject({ format: z.enum(['pdf', 'html']).default('pdf') }),
    response: { status: 200, description: 'application/pdf (default) or text/html' },
    errors: [403, 404],
    handler: async ({ params, query, auth, res }) => {
      sendDocument(res, await printableCard(deps, auth.user, params.code, query.format), { download: true });
    },
  });
};
