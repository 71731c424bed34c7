/**
 * /api/payrolls…: the monthly payment lists (issue 14), thin over app/payrolls. Payment officers act on the
 * lists of communes in their scope; auditors read them.
 */
import { z } from 'zod';
import { actorOf } from '../../app/audit';
import {
  approvePayroll,
  submitPayroll,
  buildPayrollNow,
  closePayroll,
  importConfirmation,
  listPayrollsInScope,
  PAYROLL_ACTORS,
  PAYROLL_READERS,
  payrollFile,
  payrollWithLines,
  sendPayroll,
} from '../../app/payrolls';
import { printedPayroll } from '../../app/payrolls/print';
import {
  DEFAULT_PAYROLL_DAY,
  LAST_PAYROLL_DAY,
  PAYROLL_SCHEDULERS,
  setPayrollSchedule,
} from '../../app/payrolls/schedule';
import { linesByCard } from '../../app/payrolls/card-lookup';
import { UnitCodeSchema } from '../../app/schemas';
import { PAYROLL_STATES } from '../../db/payrolls';
import { LINE_KINDS } from '../../domain/payroll/build';
import { MONTH_PATTERN } from '../../domain/payroll/month';
import { clientAddressOf } from '../../http/client-address';
import { sendDocument } from '../../http/send-document';
import { sendReportFile } from '../../http/send-report-file';
import type { RouteModule } from '../route-registry';

const MonthSchema = z.string().regex(MONTH_PATTERN, 'Tháng phải có dạng YYYY-MM');
const IdParamsSchema = z.strictObject({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});

const PayrollSchema = z
  .object({
    id: z.number(),
    communeCode: z.string(),
    month: z.string(),
    state: z.enum(PAYROLL_STATES),
    builtAt: z.string().nullable(),
    preparedBy: z.string().nullable().meta({ description: 'Username of the officer who submitted it' }),
    preparedByName: z.string().nullable().meta({ description: 'That officer’s full name' }),
    approvedBy: z.string().nullable().meta({ description: 'Username of the officer who approved it' }),
    approvedByName: z.string().nullable().meta({ description: 'That officer’s full name' }),
    approvedAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    reconciledAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    lineCount: z.number().int(),
    total: z.number().int().describe('VND'),
    paidTotal: z.number().int().describe('VND'),
    failedTotal: z.number().int().describe('VND, lines the payer did not pay'),
  })
  .meta({ id: 'Payroll' });

const PayrollLineSchema = z
  .object({
    lineNo: z.number().int(),
    dossierCode: z.string(),
    beneficiaryName: z.string(),
    kind: z.enum(LINE_KINDS),
    coversMonth: z.string(),
    amount: z.number().int().describe('VND'),
    state: z.enum(['issued', 'paid', 'failed', 'reissued']),
    paidOn: z.string().nullable(),
    payerReference: z.string().nullable(),
  })
  .meta({ id: 'PayrollLine' });

const BuildSummarySchema = z
  .object({
    payrollId: z.number(),
    communeCode: z.string(),
    month: z.string(),
    built: z.boolean(),
    lineCount: z.number().int(),
    total: z.number().int(),
  })
  .meta({ id: 'PayrollBuildSummary' });

const ImportResultSchema = z
  .object({
    payrollId: z.number(),
    alreadyImported: z.boolean(),
    linesPaid: z.number().int(),
    linesFailed: z.number().int(),
    suspended: z.array(z.string()),
    state: z.enum(PAYROLL_STATES),
  })
  .meta({ id: 'PayrollImportResult' });

export const payrollRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/payrolls',
    summary: 'Payment lists of the communes in the caller’s scope (payment officers, auditors)',
    tags: ['payrolls'],
    auth: PAYROLL_READERS,
    query: z.strictObject({ month: MonthSchema.optional(), state: z.enum(PAYROLL_STATES).optional() }),
    response: {
      status: 200,
      description: 'Newest month first',
      schema: z.object({ payrolls: z.array(PayrollSchema) }),
    },
    handler: async ({ query, auth }) => ({ payrolls: await listPayrollsInScope(deps, auth.user, query) }),
  });

  routes.add({
    method: 'post',
    path: '/api/payrolls/build',
    summary: 'Build (or rebuild) a commune’s draft list for a month now (payment officers)',
    description:
      'Runs the payroll workflow the monthly schedule runs and answers when the list is built. The caller becomes ' +
      'the list’s preparer and may not approve it. 409 PAYROLL_STATE once the list is approved.',
    tags: ['payrolls'],
    auth: PAYROLL_ACTORS,
    body: z.strictObject({ communeCode: UnitCodeSchema, month: MonthSchema }),
    response: { status: 200, description: 'The list built', schema: BuildSummarySchema },
    errors: [403, 409, 503, 504],
    handler: ({ body, auth, req }) => buildPayrollNow(deps, actorOf(auth.user, clientAddressOf(req)), body),
  });

  routes.add({
    method: 'get',
    path: '/api/payrolls/:id',
    summary: 'A list with a page of its lines',
    tags: ['payrolls'],
    auth: PAYROLL_READERS,
    params: IdParamsSchema,
    query: z.strictObject({ page: z.coerce.number().int().positive().max(10_000).optional() }),
    response: {
      status: 200,
      description: 'The list and 500 lines per page',
      schema: z.object({
        payroll: PayrollSchema,
        lines: z.array(PayrollLineSchema),
        page: z.number().int(),
        pageSize: z.number().int(),
      }),
    },
    errors: [404],
    handler: ({ params, query, auth }) => payrollWithLines(deps, auth.user, params.id, query.page),
  });

  routes.add({
    method: 'get',
    path: '/api/payrolls/:id/card-lines',
    summary: 'The lines of a list for the card the payer scanned (its QR payload)',
    description:
      '409 CARD_REPLACED for a card replaced after a loss (never paid on it); 400 CARD_QR_INVALID for a code ' +
      'that is not a beneficiary card’s; 404 CARD_NOT_FOUND for a number never issued, PAYROLL_NOT_FOUND outside ' +
      'the caller’s scope.',
    tags: ['payrolls'],
    auth: PAYROLL_READERS,
    params: IdParamsSchema,
    query: z.strictObject({
      qr: z
        .string()
        .min(1)
        .max(100)
        .meta({ description: 'What the QR code holds: TGXH:THE:1:<card number>' }),
    }),
    response: {
      status: 200,
      description: 'The card’s entitlement and its lines on this list (none when it has none)',
      schema: z.object({
        cardNumber: z.string(),
        dossierCode: z.string(),
        lines: z.array(PayrollLineSchema),
      }),
    },
    errors: [400, 404, 409],
    handler: ({ params, query, auth }) => linesByCard(deps, auth.user, params.id, query.qr),
  });

  for (const [step, run, summary] of [
    ['submit', submitPayroll, 'Submit a built draft for approval: the caller becomes its preparer (audited)'],
    [
      'approve',
      approvePayroll,
      'Approve a built, submitted draft (409 PAYROLL_NOT_SUBMITTED without a preparer; not by its preparer: 403 PAYROLL_SAME_PREPARER)',
    ],
    ['send', sendPayroll, 'Mark an approved list as sent to the payer'],
    ['close', closePayroll, 'Close a reconciled list'],
  ] as const) {
    routes.add({
      method: 'post',
      path: `/api/payrolls/:id/${step}`,
      summary,
      tags: ['payrolls'],
      auth: PAYROLL_ACTORS,
      params: IdParamsSchema,
      response: { status: 200, description: 'The list in its new state', schema: PayrollSchema },
      errors: [403, 404, 409],
      handler: ({ params, auth, req }) => run(deps, actorOf(auth.user, clientAddressOf(req)), params.id),
    });
  }

  routes.add({
    method: 'get',
    path: '/api/payrolls/:id/export',
    summary: 'The list for the payer: CSV (UTF-8 with BOM), XLSX, or the printable HTML list',
    description:
      'CSV and XLSX carry the columns the payer fills in (Kết quả chi trả, Ngày chi trả, Số tham chiếu) and ' +
      'sends back as CSV to POST /api/payrolls/{id}/confirmation.',
    tags: ['payrolls'],
    auth: PAYROLL_READERS,
    params: IdParamsSchema,
    query: z.strictObject({ format: z.enum(['csv', 'xlsx', 'html']).default('csv') }),
    response: { status: 200, description: 'text/csv, XLSX or text/html' },
    errors: [404],
    handler: async ({ params, query, auth, res }) => {
      if (query.format === 'html') {
        sendDocument(res, await printedPayroll(deps, auth.user, params.id));
        return;
      }
      await sendReportFile(res, await payrollFile(deps, auth.user, params.id, query.format));
    },
  });

  routes.add({
    method: 'post',
    path: '/api/payrolls/:id/confirmation',
    summary: 'Import the payer’s confirmation (paid / not paid per line, date, reference)',
    description:
      'The exported CSV with its last three columns filled in. Checked whole first: unknown lines, amounts that ' +
      'differ, lines of another list, repeated lines, bad dates answer 422 PAYROLL_CONFIRMATION_INVALID with every ' +
      'problem (fieldErrors, path body.csv.<file line>) and nothing applied. The same file imported again ' +
      'changes nothing (alreadyImported). Three months uncollected in a row suspend the entitlement.',
    tags: ['payrolls'],
    auth: PAYROLL_ACTORS,
    params: IdParamsSchema,
    body: z.strictObject({ csv: z.string().min(1).max(50_000_000) }),
    response: { status: 200, description: 'What the file did', schema: ImportResultSchema },
    errors: [403, 404, 409, 422],
    handler: ({ params, body, auth, req }) =>
      importConfirmation(deps, actorOf(auth.user, clientAddressOf(req)), params.id, body.csv),
  });

  routes.add({
    method: 'put',
    path: '/api/payrolls/schedules/:unitCode',
    summary: 'Set the day of the month the lists of a province or a commune are built (Temporal Schedule)',
    description:
      `A province builds every commune under it, each as its own workflow, except a commune (or former district) ` +
      `with a schedule of its own. Default day ${DEFAULT_PAYROLL_DAY}; ` +
      `at most ${LAST_PAYROLL_DAY} (the lists reach the payer before the 25th). Runs at 07:00 Vietnam time. ` +
      "409 PAYROLL_SCHEDULE_OVERLAP for a unit under a scheduled one (change that schedule's day instead).",
    tags: ['payrolls'],
    auth: PAYROLL_SCHEDULERS,
    params: z.strictObject({ unitCode: UnitCodeSchema }),
    body: z.strictObject({
      dayOfMonth: z.number().int().min(1).max(LAST_PAYROLL_DAY).default(DEFAULT_PAYROLL_DAY),
    }),
    response: {
      status: 200,
      description: 'The schedule',
      schema: z.object({ unitCode: z.string(), dayOfMonth: z.number().int(), scheduleId: z.string() }),
    },
    errors: [403, 409, 503],
    handler: ({ params, body, auth, req }) =>
      setPayrollSchedule(deps, actorOf(auth.user, clientAddressOf(req)), params.unitCode, body.dayOfMonth),
  });
};
