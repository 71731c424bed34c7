/** Working-day calendar: Vietnamese lunar dates, public holidays, official notices and provincial overrides. */
export { solarToLunar, lunarToSolar, LUNAR_SUPPORTED_YEARS } from './lunar-calendar';
export type { LunarDate, LunarDateInput } from './lunar-calendar';
export { createCalendar } from './working-calendar';
export type { WorkingCalendar, NonWorkingDay, NonWorkingKind, CalendarOptions } from './working-calendar';
export {
  calendarDataSchema,
  officialNoticeSchema,
  provincialOverrideSchema,
  annualHolidaySchema,
} from './calendar-data';
export type {
  CalendarData,
  CalendarDataInput,
  OfficialNotice,
  OfficialNoticeInput,
  ProvincialOverride,
  AnnualHoliday,
} from './calendar-data';
export { OFFICIAL_NOTICES, CULTURE_DAY_RULE } from './official-notices';
export { HOLIDAY_IDS, HOLIDAY_NAMES } from './holiday-rules';
export type { StandardHolidayId } from './holiday-rules';
export { addDuration, subtractDuration } from './durations';
export type { CalendarDuration } from './durations';
