/**
 * The data layered over the holiday rules, as admins upload it: yearly official notices, provincial
 * overrides and holidays added by later laws. Validated with zod so the API can reuse the schema.
 */
import { z } from 'zod';
import { isIsoDate, isValidCalendarDate } from '../iso-date';
import { textSchema } from '../text';
import { HOLIDAY_IDS } from './holiday-rules';
import { toDayNumber, isWeekend } from './day-number';
import { LUNAR_SUPPORTED_YEARS } from './lunar-calendar';

const isoDateSchema = z.string().refine(isIsoDate, { message: 'ngày phải có dạng YYYY-MM-DD và có thật' });
const yearSchema = z.number().int().min(LUNAR_SUPPORTED_YEARS.from).max(LUNAR_SUPPORTED_YEARS.to);
// Reasons and references print on calendars and reach due-date records: the one definition of text.
const vietnameseText = textSchema({ max: 500 });
const optionalText = textSchema({ max: 2000, min: 0 }).optional();
const holidayIdSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, 'mã ngày lễ: chữ thường, số và dấu gạch ngang');

export const noticeDayOffSchema = z.object({
  date: isoDateSchema,
  reason: vietnameseText,
  /** holiday: a holiday itself; compensation: nghỉ bù; swapped: a working day exchanged against a day worked. */
  type: z.enum(['holiday', 'compensation', 'swapped']).default('holiday'),
});

export const noticeWorkingDaySchema = z.object({
  date: isoDateSchema.refine((date) => isWeekend(toDayNumber(date)), {
    message: 'ngày làm bù phải là thứ Bảy hoặc Chủ nhật',
  }),
  reason: vietnameseText,
});

export const officialNoticeSchema = z.object({
  year: yearSchema,
  /** Document number and date as published, or a plain description when the number is not known. */
  reference: vietnameseText,
  /** sourced: checked against a published text while seeding; best-knowledge: from memory, unverified. */
  confidence: z.enum(['sourced', 'best-knowledge']),
  /** Holidays whose rule-derived days this notice replaces for its year. */
  covers: z.array(holidayIdSchema).min(1),
  daysOff: z.array(noticeDayOffSchema).default([]),
  workingDays: z.array(noticeWorkingDaySchema).default([]),
  note: optionalText,
});

export const provincialOverrideSchema = z.object({
  /** Province code (mã tỉnh, two digits). */
  province: z.string().regex(/^\d{2}$/, 'mã tỉnh gồm 2 chữ số'),
  date: isoDateSchema,
  status: z.enum(['off', 'working']),
  reason: vietnameseText,
  reference: optionalText,
});

export const annualHolidaySchema = z
  .object({
    id: holidayIdSchema,
    reason: vietnameseText,
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
    /** First year the holiday applies, i.e. the year the amending law takes effect. */
    firstYear: yearSchema,
    /**
     * Last day the rule applies, inclusive (domain/effective-period.ts), when a later law removes the holiday:
     * the holiday is kept in the years whose day falls on or before it.
     */
    effectiveTo: isoDateSchema.optional(),
    reference: optionalText,
  })
  // A leap year, so that 29/02 is accepted; rejecting 30/02 or 31/04 catches typos.
  .refine((holiday) => isValidCalendarDate(2000, holiday.month, holiday.day), {
    message: 'ngày/tháng không có thật',
  });

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  return values.filter((value) => (seen.has(value) ? true : (seen.add(value), false)));
}

export const calendarDataSchema = z
  .object({
    notices: z.array(officialNoticeSchema).optional(),
    provincialOverrides: z.array(provincialOverrideSchema).default([]),
    annualHolidays: z.array(annualHolidaySchema).default([]),
  })
  .superRefine((data, ctx) => {
    const knownHolidays = new Set<string>([...HOLIDAY_IDS, ...data.annualHolidays.map((h) => h.id)]);
    for (const [index, notice] of (data.notices ?? []).entries()) {
      for (const id of notice.covers) {
        if (!knownHolidays.has(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['notices', index, 'covers'],
            message: `ngày lễ không rõ: ${id}`,
          });
        }
      }
      const off = notice.daysOff.map((d) => d.date);
      for (const date of notice.workingDays.map((d) => d.date).filter((date) => off.includes(date))) {
        ctx.addIssue({
          code: 'custom',
          path: ['notices', index],
          message: `${date} vừa là ngày nghỉ vừa là ngày làm`,
        });
      }
      for (const date of off.filter((date) => !date.startsWith(`${notice.year}-`))) {
        ctx.addIssue({
          code: 'custom',
          path: ['notices', index, 'daysOff'],
          message: `${date} không thuộc năm ${notice.year}`,
        });
      }
    }
    const coveredTwice = duplicates(
      (data.notices ?? []).flatMap((n) => n.covers.map((id) => `${n.year} ${id}`)),
    );
    for (const pair of coveredTwice) {
      ctx.addIssue({ code: 'custom', path: ['notices'], message: `hai thông báo cùng quy định ${pair}` });
    }
    const allDates = (data.notices ?? []).flatMap((n) => [...n.daysOff, ...n.workingDays].map((d) => d.date));
    for (const date of duplicates(allDates)) {
      ctx.addIssue({ code: 'custom', path: ['notices'], message: `ngày ${date} được khai báo hai lần` });
    }
    for (const pair of duplicates(data.provincialOverrides.map((o) => `${o.province} ${o.date}`))) {
      ctx.addIssue({ code: 'custom', path: ['provincialOverrides'], message: `khai báo trùng: ${pair}` });
    }
    for (const id of duplicates(data.annualHolidays.map((h) => h.id))) {
      ctx.addIssue({ code: 'custom', path: ['annualHolidays'], message: `mã ngày lễ trùng: ${id}` });
    }
  });

export type CalendarDataInput = z.input<typeof calendarDataSchema>;
export type CalendarData = z.output<typeof calendarDataSchema>;
export type OfficialNotice = z.output<typeof officialNoticeSchema>;
export type OfficialNoticeInput = z.input<typeof officialNoticeSchema>;
export type ProvincialOverride = z.output<typeof provincialOverrideSchema>;
export type AnnualHoliday = z.output<typeof annualHolidaySchema>;
