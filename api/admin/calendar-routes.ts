/**
 * Working calendar: the stored entries, adding an official notice / provincial override / annual holiday
 * (validated with the domain's schemas, then checked against the data already in force), and the
 * non-working days of a year as the due-date computation sees them.
 */
import { clientAddressOf } from '../../http/client-address';
import { actorOf } from '../../app/audit';
import { z } from 'zod';
import { addCalendarEntryAs, calendarYear, listCalendarEntriesOf } from '../../app/admin/calendar';
import {
  annualHolidaySchema,
  LUNAR_SUPPORTED_YEARS,
  officialNoticeSchema,
  provincialOverrideSchema,
} from '../../domain/calendar';
import type { RouteModule } from '../route-registry';
import { ProvinceCodeSchema } from '../../app/schemas';

// Strict copies of the domain schemas: an unknown field in an admin's upload is a typo, not data to drop.
const NoticeBody = officialNoticeSchema.strict().meta({ id: 'OfficialNotice' });
const OverrideBody = provincialOverrideSchema.strict().meta({ id: 'ProvincialOverride' });
const AnnualHolidayBody = annualHolidaySchema.strict().meta({ id: 'AnnualHoliday' });

const EntrySchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(['notice', 'override', 'annual_holiday']),
    payload: z.union([NoticeBody, OverrideBody, AnnualHolidayBody]),
    createdAt: z.iso.datetime(),
    createdBy: z.string().nullable(),
  })
  .meta({ id: 'CalendarEntry' });

const NonWorkingDaySchema = z
  .object({
    date: z.string(),
    reason: z.string(),
    kind: z.enum(['weekend', 'holiday', 'compensation', 'swapped', 'provincial']),
    provisional: z.literal(true).optional(),
    source: z.string().optional(),
  })
  .meta({ id: 'NonWorkingDay' });

export const calendarRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/admin/calendar/entries',
    summary: 'Calendar entries stored by admins, oldest first',
    tags: ['admin: calendar'],
    auth: ['admin', 'auditor'],
    query: z.strictObject({ kind: z.enum(['notice', 'override', 'annual_holiday']).optional() }),
    response: { status: 200, description: 'Entries', schema: z.object({ entries: z.array(EntrySchema) }) },
    handler: async ({ query }) => ({ entries: await listCalendarEntriesOf(deps, query.kind) }),
  });

  routes.add({
    method: 'post',
    path: '/api/admin/calendar/notices',
    summary: 'Add a yearly official notice (replaces earlier notices for the same year and holidays)',
    tags: ['admin: calendar'],
    auth: ['admin'],
    body: NoticeBody,
    response: { status: 201, description: 'Stored', schema: EntrySchema },
    handler: async ({ body, auth, req }) =>
      addCalendarEntryAs(deps, actorOf(auth.user, clientAddressOf(req)), { kind: 'notice', payload: body }),
  });

  routes.add({
    method: 'post',
    path: '/api/admin/calendar/overrides',
    summary: 'Add a provincial override (a day off or a day worked in the admin’s province)',
    tags: ['admin: calendar'],
    auth: ['admin'],
    body: OverrideBody,
    response: { status: 201, description: 'Stored', schema: EntrySchema },
    handler: async ({ body, auth, req }) =>
      addCalendarEntryAs(deps, actorOf(auth.user, clientAddressOf(req)), { kind: 'override', payload: body }),
  });

  routes.add({
    method: 'post',
    path: '/api/admin/calendar/annual-holidays',
    summary: 'Add a yearly holiday introduced by a later law',
    tags: ['admin: calendar'],
    auth: ['admin'],
    body: AnnualHolidayBody,
    response: { status: 201, description: 'Stored', schema: EntrySchema },
    handler: async ({ body, auth, req }) =>
      addCalendarEntryAs(deps, actorOf(auth.user, clientAddressOf(req)), {
        kind: 'annual_holiday',
        payload: body,
      }),
  });

  routes.add({
    method: 'get',
    path: '/api/admin/calendar/:year',
    summary: 'Non-working days of a year (weekends, holidays, compensation days, provincial days off)',
    description:
      'Computed from the seeded official notices and the stored entries; `province` adds its overrides.',
    tags: ['admin: calendar'],
    auth: 'authenticated',
    params: z.strictObject({
      year: z
        .string()
        .regex(/^\d{4}$/, { error: 'Năm gồm 4 chữ số' })
        .transform(Number)
        .refine((year) => year >= LUNAR_SUPPORTED_YEARS.from && year <= LUNAR_SUPPORTED_YEARS.to, {
          error: `Năm phải trong khoảng ${LUNAR_SUPPORTED_YEARS.from}–${LUNAR_SUPPORTED_YEARS.to}`,
        }),
    }),
    query: z.strictObject({ province: ProvinceCodeSchema.optional() }),
    response: {
      status: 200,
      description: 'The year’s non-working days, by date',
      schema: z.object({
        year: z.number().int(),
        province: z.string().nullable(),
        provisional: z
          .boolean()
          .meta({ description: 'Tết or 2/9 days come from the default rule, no notice loaded' }),
        nonWorkingDays: z.array(NonWorkingDaySchema),
      }),
    },
    handler: async ({ params, query }) => calendarYear(deps, params.year, query.province),
  });
};
