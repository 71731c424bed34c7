/**
 * `/can-bo/ho-so/:code/tro-cap/:kind`: the commune officer starts a change to the monthly allowance a dossier
 * granted — thôi hưởng (termination), điều chỉnh (adjustment), chuyển nơi (relocation) — from the
 * beneficiary's dossier page. One form per kind; the API's schemas read what a person types (dd/mm/yyyy,
 * mm/yyyy, "1.250.000"); errors beside each field, input kept; on success the new change dossier's page.
 * What may be changed, and by whom, is app/entitlements/changes.ts's business.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { entitlementSummary, startEntitlementChange } from '../../app/entitlements/changes';
import {
  AdjustmentBodySchema,
  RelocationBodySchema,
  TerminationBodySchema,
} from '../../app/entitlements/schemas';
import { DossierCodeSchema } from '../../app/dossiers/schemas';
import { AppError } from '../../app/errors';
import { listUnits } from '../../db/units';
import {
  CHANGE_KIND_TITLES,
  TERMINATION_REASONS,
  type EntitlementChangeKind,
  type EntitlementChangeRequest,
} from '../../domain/entitlement-changes';
import { isUnitInForceOn } from '../../app/admin/units';
import { clockOf, legalToday } from '../../app/deps';
import { vndFromText } from '../admin/base-levels';
import type { PageModule, WebContext } from '../app';
import { parseForm } from '../form-errors';
import { isoFromDisplayDate } from '../format';
import { localsOf, renderPage, userOf, type PageFieldError } from '../page';
import { requireOfficer } from '../session';
import { dossierPath } from './dossier';
import { ENTITLEMENT_STATUSES, monthText } from './labels';

/** The URL's word for each kind. */
export const CHANGE_SLUGS: Readonly<Record<EntitlementChangeKind, string>> = {
  termination: 'thoi-huong',
  adjustment: 'dieu-chinh',
  relocation: 'chuyen-noi',
};
const KIND_OF_SLUG = new Map(
  Object.entries(CHANGE_SLUGS).map(([kind, slug]) => [slug, kind as EntitlementChangeKind]),
);

export const changePath = (code: string, kind: EntitlementChangeKind) =>
  `${dossierPath(code)}/tro-cap/${CHANGE_SLUGS[kind]}`;

/** 'mm/yyyy' as officers write a month → 'YYYY-MM'; anything else unchanged for the schema to refuse. */
function isoFromDisplayMonth(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = /^(\d{1,2})\/(\d{4})$/.exec(value.trim());
  return match ? `${match[2]}-${match[1]!.padStart(2, '0')}` : value;
}

const DATE_MESSAGE = 'Nhập ngày có thật, dạng ngày/tháng/năm, ví dụ 20/12/2054';

/** What each form takes: the API's schema, dates, months and amounts read as people write them. */
const FORMS = {
  termination: TerminationBodySchema.extend({
    eventDate: z.preprocess(isoFromDisplayDate, TerminationBodySchema.shape.eventDate),
  }),
  adjustment: AdjustmentBodySchema.extend({
    fromMonth: z.preprocess(isoFromDisplayMonth, AdjustmentBodySchema.shape.fromMonth),
    newMonthlyAmount: z.preprocess(vndFromText, AdjustmentBodySchema.shape.newMonthlyAmount),
  }),
  relocation: RelocationBodySchema.extend({
    relocatedOn: z.preprocess(isoFromDisplayDate, RelocationBodySchema.shape.relocatedOn),
  }),
} as const;

const FIELDS: Readonly<Record<EntitlementChangeKind, readonly string[]>> = {
  termination: ['reasonCode', 'eventDate', 'details'],
  adjustment: ['fromMonth', 'newMonthlyAmount', 'reason'],
  relocation: ['relocatedOn', 'newCommuneCode', 'details'],
};

/** A field's own words when it is left empty (GOV.UK: say what to do). */
const WHEN_EMPTY: Readonly<Record<string, string>> = {
  reasonCode: 'Chọn lý do thôi hưởng',
  eventDate: 'Nhập ngày xảy ra sự việc, dạng ngày/tháng/năm',
  fromMonth: 'Nhập tháng bắt đầu hưởng mức mới, dạng tháng/năm, ví dụ 03/2055',
  newMonthlyAmount: 'Nhập mức trợ cấp mới, bằng đồng, ví dụ 1.250.000',
  reason: 'Nhập lý do điều chỉnh mức trợ cấp',
  relocatedOn: 'Nhập ngày chuyển đến nơi cư trú mới, dạng ngày/tháng/năm',
  newCommuneCode: 'Chọn xã, phường nơi cư trú mới',
};

/** A value typed in the wrong shape, in the page's own formats. */
const TYPED_FORMAT_MESSAGES: Readonly<Record<string, string>> = {
  eventDate: DATE_MESSAGE,
  relocatedOn: DATE_MESSAGE,
  fromMonth: 'Nhập tháng có thật, dạng tháng/năm, ví dụ 03/2055',
};

/** The id of the input that holds each field (radios: the first one), so the summary links to it. */
const FIELD_IDS: Readonly<Record<string, string>> = { reasonCode: 'reasonCode-death' };

interface FormView {
  values: Record<string, string>;
  errors: PageFieldError[];
  /** A refusal that is not about one field (the entitlement ended meanwhile, another change in progress). */
  problem?: string;
}

async function showForm(
  { deps, views }: WebContext,
  res: Response,
  code: string,
  kind: EntitlementChangeKind,
  form: FormView = { values: {}, errors: [] },
  status = 200,
): Promise<void> {
  const summary = await entitlementSummary(deps, userOf(res), code);
  if (!summary)
    throw new AppError(404, 'NOT_FOUND', 'Hồ sơ này không có trợ cấp hằng tháng trong phạm vi của bạn');
  const today = legalToday(clockOf(deps)());
  const communes =
    kind === 'relocation'
      ? (await listUnits(deps.pool))
          .filter(
            (unit) =>
              unit.level === 'commune' && isUnitInForceOn(unit, today) && unit.code !== summary.communeCode,
          )
          .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
          .map((unit) => ({
            code: unit.code,
            name: unit.name,
            selected: form.values.newCommuneCode === unit.code,
          }))
      : [];
  renderPage(
    views,
    res,
    'officer/entitlement-change',
    {
      title: `${CHANGE_KIND_TITLES[kind]}: hồ sơ ${code}`,
      heading: CHANGE_KIND_TITLES[kind],
      errors: form.errors,
      problem: form.problem,
      code,
      dossierUrl: dossierPath(code),
      action: changePath(code, kind),
      entitlement: {
        ...summary,
        statusText: ENTITLEMENT_STATUSES[summary.status] ?? '',
        startText: monthText(summary.startMonth),
      },
      changeable: summary.changeable,
      termination: kind === 'termination',
      adjustment: kind === 'adjustment',
      relocation: kind === 'relocation',
      reasons: Object.entries(TERMINATION_REASONS).map(([value, label]) => ({
        value,
        label,
        checked: form.values.reasonCode === value,
      })),
      communes,
      values: form.values,
      dateHint: DATE_MESSAGE,
    },
    status,
  );
}

function codeOf(req: Request): string {
  const code = DossierCodeSchema.safeParse(req.params.code);
  if (!code.success) throw new AppError(404, 'NOT_FOUND', 'Không tìm thấy hồ sơ');
  return code.data;
}

function kindOf(req: Request): EntitlementChangeKind {
  const kind = KIND_OF_SLUG.get(String(req.params.kind));
  if (!kind) throw new AppError(404, 'NOT_FOUND', 'Không có trang này');
  return kind;
}

/** The posted form's fields of this kind, as strings. */
function valuesOf(body: unknown, kind: EntitlementChangeKind): Record<string, string> {
  const posted = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    FIELDS[kind].map((name) => [name, typeof posted[name] === 'string' ? (posted[name] as string) : '']),
  );
}

export const entitlementChangePages: PageModule = (router, context) => {
  const officers = requireOfficer(['commune_officer']);

  router.get('/can-bo/ho-so/:code/tro-cap/:kind', officers, async (req, res) => {
    await showForm(context, res, codeOf(req), kindOf(req));
  });

  router.post('/can-bo/ho-so/:code/tro-cap/:kind', officers, async (req, res) => {
    const code = codeOf(req);
    const kind = kindOf(req);
    const values = valuesOf(req.body, kind);
    const parsed = parseForm(FORMS[kind], values, { fieldIds: FIELD_IDS, whenEmpty: WHEN_EMPTY });
    if (!parsed.ok) {
      // The schemas speak the API's formats; the page asks for dd/mm/yyyy and mm/yyyy.
      const errors = parsed.errors.map((error) =>
        !values[error.field] || !(error.field in TYPED_FORMAT_MESSAGES)
          ? error
          : { ...error, message: TYPED_FORMAT_MESSAGES[error.field]! },
      );
      await showForm(context, res, code, kind, { values, errors }, 422);
      return;
    }
    let started;
    try {
      started = await startEntitlementChange(context.deps, localsOf(res).auth!.user, code, {
        kind,
        ...parsed.data,
      } as EntitlementChangeRequest);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.status === 403) throw error;
      const errors = (error.fieldErrors ?? []).map((fieldError) => {
        const name = fieldError.path.replace(/^body\./, '');
        return { field: FIELD_IDS[name] ?? name, message: fieldError.message };
      });
      await showForm(
        context,
        res,
        code,
        kind,
        errors.length ? { values, errors } : { values, errors: [], problem: error.message },
        errors.length ? 422 : error.status,
      );
      return;
    }
    res.redirect(303, `${dossierPath(started.code)}?xong=5`);
  });
};
