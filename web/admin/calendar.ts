/**
 * `/quan-tri/lich-lam-viec?nam=2054`: the province's working calendar for a year, as the due-date computation
 * sees it (app/admin/calendar.ts, the same as `GET /api/admin/calendar/:year?province=`): twelve month grids,
 * Monday first, weekends greyed, each non-working day marked with a short word and named in full in its
 * aria-label and in the table under the grids (colour is never the only signal). Years whose Tết or 2/9 days
 * come from the default rule (no official notice loaded) carry a 'Năm tạm tính' warning. A form adds a
 * provincial override (a day off, or a day worked) through addCalendarEntryAs, as the API does.
 *
 * The form carries a key claimed in the same transaction as the entry (web/form-once.ts): a double submit
 * stores one entry, not two.
 */
import { clientAddressOf } from '../../http/client-address';
import { actorOf } from '../../app/audit';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { addCalendarEntryAs, calendarYear, provincialOverridesOf } from '../../app/admin/calendar';
import { clockOf, legalToday } from '../../app/deps';
import { AppError } from '../../app/errors';
import { LUNAR_SUPPORTED_YEARS, provincialOverrideSchema, type NonWorkingDay } from '../../domain/calendar';
import type { PageModule } from '../app';
import { formValues, parseForm } from '../form-errors';
import { formKeyOf, newFormKey, oncePerFormKey } from '../form-once';
import { displayDate, isoFromDisplayDate } from '../format';
import { renderPage, userOf, type PageFieldError } from '../page';
import { requireOfficer } from '../session';

const PATH = '/quan-tri/lich-lam-viec';
const MONTHS = Array.from({ length: 12 }, (_, index) => `Tháng ${index + 1}`);
/** Monday first, as Vietnamese wall calendars and the working week. */
const WEEKDAYS = [
  { short: 'T2', long: 'Thứ Hai' },
  { short: 'T3', long: 'Thứ Ba' },
  { short: 'T4', long: 'Thứ Tư' },
  { short: 'T5', long: 'Thứ Năm' },
  { short: 'T6', long: 'Thứ Sáu' },
  { short: 'T7', long: 'Thứ Bảy' },
  { short: 'CN', long: 'Chủ nhật' },
];

type Kind = NonWorkingDay['kind'] | 'working-weekend' | 'provincial-working';
/** What each kind is called, in full (table, aria-label) and as the short word shown in the grid's cell. */
const KIND_WORDS: Record<Kind, { long: string; short: string }> = {
  weekend: { long: 'nghỉ cuối tuần', short: '' },
  holiday: { long: 'ngày lễ, Tết', short: 'Lễ' },
  compensation: { long: 'nghỉ bù', short: 'Bù' },
  swapped: { long: 'hoán đổi ngày làm việc', short: 'HĐ' },
  provincial: { long: 'ngày nghỉ riêng của tỉnh', short: 'Tỉnh' },
  'working-weekend': { long: 'đi làm (làm bù cho ngày hoán đổi)', short: 'Làm' },
  'provincial-working': { long: 'đi làm theo quyết định của tỉnh', short: 'Làm' },
};

/** The form's fields: the date typed dd/mm/yyyy, the status as radios, the reason. */
const OverrideForm = z.strictObject({
  date: z.preprocess(isoFromDisplayDate, provincialOverrideSchema.shape.date),
  status: provincialOverrideSchema.shape.status,
  reason: provincialOverrideSchema.shape.reason,
  reference: provincialOverrideSchema.shape.reference,
});

function yearOf(req: Request, today: string): number {
  const raw = req.query.nam;
  if (raw === undefined) return Number(today.slice(0, 4));
  const year = typeof raw === 'string' && /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  if (!(year >= LUNAR_SUPPORTED_YEARS.from && year <= LUNAR_SUPPORTED_YEARS.to)) {
    throw new AppError(
      404,
      'NOT_FOUND',
      `Lịch làm việc có cho các năm ${LUNAR_SUPPORTED_YEARS.from}–${LUNAR_SUPPORTED_YEARS.to}`,
    );
  }
  return year;
}

const pad = (n: number) => String(n).padStart(2, '0');

interface Marked {
  kind: Kind;
  reason: string;
  provisional: boolean;
  source?: string;
}

/** One month as weeks of 7 cells (Monday first), empty cells before the 1st and after the last day. */
function monthGrid(year: number, month: number, marks: ReadonlyMap<string, Marked>) {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offset = (first.getUTCDay() + 6) % 7; // Monday = 0
  const cells: Array<Record<string, unknown> | null> = Array.from({ length: offset }, () => null);
  for (let day = 1; day <= length; day += 1) {
    const iso = `${year}-${pad(month)}-${pad(day)}`;
    const weekday = WEEKDAYS[(offset + day - 1) % 7] as { long: string };
    const mark = marks.get(iso);
    const words = mark ? KIND_WORDS[mark.kind] : undefined;
    const label = [
      `${weekday.long} ${pad(day)}/${pad(month)}/${year}`,
      mark && mark.kind !== 'weekend'
        ? `${mark.reason} (${words?.long}${mark.provisional ? ', tạm tính' : ''})`
        : '',
      mark?.kind === 'weekend' ? 'nghỉ cuối tuần' : '',
    ]
      .filter(Boolean)
      .join(': ');
    cells.push({
      day,
      iso,
      label,
      kind: mark?.kind ?? 'working',
      short: words?.short ?? '',
      off: mark !== undefined && mark.kind !== 'working-weekend' && mark.kind !== 'provincial-working',
    });
  }
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push({ cells: cells.slice(i, i + 7) });
  return { title: `${MONTHS[month - 1]}/${year}`, id: `thang-${month}`, weeks };
}

export const adminCalendarPages: PageModule = (router, { deps, views }) => {
  async function show(
    req: Request,
    res: Response,
    year: number,
    values: Record<string, string> = {},
    errors: PageFieldError[] = [],
    status = 200,
  ) {
    const province = userOf(res).unitCode;
    const [calendar, overrides] = await Promise.all([
      calendarYear(deps, year, province),
      provincialOverridesOf(deps, province, year),
    ]);
    const marks = new Map<string, Marked>();
    for (const day of calendar.nonWorkingDays) {
      marks.set(day.date, {
        kind: day.kind,
        reason: day.reason,
        provisional: day.provisional === true,
        ...(day.source ? { source: day.source } : {}),
      });
    }
    // Days worked although they would be off: a weekend missing from the non-working days is a làm-bù day,
    // and a 'working' provincial override says so itself.
    for (const override of overrides) {
      if (override.status === 'working' && !marks.has(override.date)) {
        marks.set(override.date, { kind: 'provincial-working', reason: override.reason, provisional: false });
      }
    }
    for (let month = 1; month <= 12; month += 1) {
      const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
      for (let day = 1; day <= length; day += 1) {
        const iso = `${year}-${pad(month)}-${pad(day)}`;
        const weekday = new Date(`${iso}T00:00:00Z`).getUTCDay();
        if ((weekday === 0 || weekday === 6) && !marks.has(iso)) {
          marks.set(iso, { kind: 'working-weekend', reason: 'Đi làm bù', provisional: false });
        }
      }
    }
    const listed = [...marks.entries()]
      .filter(([, mark]) => mark.kind !== 'weekend')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([iso, mark]) => ({
        // Not `date`: that is the template helper's name, and Handlebars would call it instead.
        iso,
        reason: mark.reason,
        kindText: KIND_WORDS[mark.kind].long,
        short: KIND_WORDS[mark.kind].short,
        kind: mark.kind,
        provisional: mark.provisional,
        source: mark.source,
      }));
    renderPage(
      views,
      res,
      'admin/calendar',
      {
        title: `Lịch làm việc năm ${year}`,
        errors,
        year,
        province,
        provisional: calendar.provisional,
        added: typeof req.query['da-them'] === 'string' ? displayDate(req.query['da-them']) : undefined,
        previous: year > LUNAR_SUPPORTED_YEARS.from ? year - 1 : undefined,
        next: year < LUNAR_SUPPORTED_YEARS.to ? year + 1 : undefined,
        weekdays: WEEKDAYS,
        months: Array.from({ length: 12 }, (_, index) => monthGrid(year, index + 1, marks)),
        days: listed,
        legend: (['holiday', 'compensation', 'swapped', 'provincial', 'working-weekend'] as const).map(
          (kind) => ({
            kind,
            ...KIND_WORDS[kind],
          }),
        ),
        form: { status: 'off', ...values },
        key: newFormKey(),
      },
      status,
    );
  }

  router.get(PATH, requireOfficer(['admin']), async (req, res) => {
    await show(req, res, yearOf(req, legalToday(clockOf(deps)())));
  });

  router.post(PATH, requireOfficer(['admin']), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: Record<string, string> = formValues(body, ['date', 'status', 'reason', 'reference']);
    const fallbackYear = Number(String(isoFromDisplayDate(values.date)).slice(0, 4));
    const year =
      fallbackYear >= LUNAR_SUPPORTED_YEARS.from && fallbackYear <= LUNAR_SUPPORTED_YEARS.to
        ? fallbackYear
        : Number(legalToday(clockOf(deps)()).slice(0, 4));
    const parsed = parseForm(OverrideForm, values, {
      fieldIds: { status: 'status-off' },
      whenEmpty: {
        date: 'Nhập ngày, dạng ngày/tháng/năm, ví dụ 15/08/2054',
        reason: 'Nhập lý do, ví dụ số quyết định của Ủy ban nhân dân tỉnh',
      },
    });
    if (!parsed.ok) {
      await show(req, res, year, values, parsed.errors, 422);
      return;
    }
    const user = userOf(res);
    const override = {
      province: user.unitCode,
      date: parsed.data.date,
      status: parsed.data.status,
      reason: parsed.data.reason,
      ...(parsed.data.reference ? { reference: parsed.data.reference } : {}),
    };
    try {
      await oncePerFormKey(
        deps,
        { name: 'calendar-override', user, key: formKeyOf(body), request: override },
        (client) =>
          addCalendarEntryAs(
            deps,
            actorOf(user, clientAddressOf(req)),
            { kind: 'override', payload: override },
            client,
          ).then(() => ({})),
      );
    } catch (error) {
      if (error instanceof AppError && error.fieldErrors) {
        // The calendar's own checks (a day declared twice, …) concern the date the admin typed.
        await show(
          req,
          res,
          year,
          values,
          error.fieldErrors.map((fieldError) => ({ field: 'date', message: fieldError.message })).slice(0, 1),
          422,
        );
        return;
      }
      throw error;
    }
    res.redirect(303, `${PATH}?nam=${parsed.data.date.slice(0, 4)}&da-them=${parsed.data.date}#ngay-nghi`);
  });
};
