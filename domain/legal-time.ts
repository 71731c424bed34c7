/**
 * Legal dates and instants. Legal dates are 'YYYY-MM-DD' in Asia/Ho_Chi_Minh (UTC+7 all year, no daylight
 * saving), instants are UTC milliseconds. Pure: the caller passes the instant (in workflows, the workflow's
 * own clock), so replays and time-skipping tests give the same dates.
 */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The legal date (in Vietnam) of an instant. */
export function legalDateOf(instantMs: number): string {
  return new Date(instantMs + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 in Vietnam on a legal date, as a UTC instant. */
export function startOfLegalDay(date: string): number {
  const ms = Date.parse(`${date}T00:00:00.000Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${date}`);
  return ms - VIETNAM_OFFSET_MS;
}

/** The first instant after a legal date has ended: "overdue" begins here when the date is a due date. */
export function endOfLegalDay(date: string): number {
  return startOfLegalDay(date) + DAY_MS;
}

/** A time of day on a legal date, e.g. 08:00 for reminders sent at the start of office hours. */
export function legalDateAt(date: string, hour: number): number {
  return startOfLegalDay(date) + hour * 60 * 60 * 1000;
}

export const ON_TIME_STATUSES = ['Trước hạn', 'Đúng hạn', 'Quá hạn'] as const;
export type OnTimeStatus = (typeof ON_TIME_STATUSES)[number];

/** Whether a stored status (a text column) is one of the three. */
export const isOnTimeStatus = (value: string | null | undefined): value is OnTimeStatus =>
  typeof value === 'string' && (ON_TIME_STATUSES as readonly string[]).includes(value);

/**
 * Form 06's status of a hand-over or a result: before the due date, on it, or after it. A result returned
 * after the appointment date is late (DOMAIN.md §5).
 */
export function onTimeStatus(doneOn: string, dueDate: string): OnTimeStatus {
  if (doneOn < dueDate) return 'Trước hạn';
  return doneOn === dueDate ? 'Đúng hạn' : 'Quá hạn';
}

/**
 * An unfinished step as of today, in the inbox's words (UI.md): "Còn hạn" up to and on its due date, "Quá hạn"
 * after it. Never "Trước hạn": that says a step was done early, which an unfinished one has not been.
 */
export const OPEN_STEP_STATUSES = ['Còn hạn', 'Quá hạn'] as const;
export type OpenStepStatus = (typeof OPEN_STEP_STATUSES)[number];
export function openStepStatus(today: string, dueDate: string): OpenStepStatus {
  return today > dueDate ? 'Quá hạn' : 'Còn hạn';
}

/** The wall-clock time in Vietnam of an instant, 'YYYY-MM-DDTHH:mm' (how documents print a time). */
export function localDateTimeOf(instantMs: number): string {
  return new Date(instantMs + VIETNAM_OFFSET_MS).toISOString().slice(0, 16);
}
