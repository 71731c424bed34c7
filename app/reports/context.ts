/** What a report builder gets: the read model, the resolved filter, the units it may show, and the calendar. */
import type { Pool } from 'pg';
import { loadWorkingCalendar } from '../../db/calendar';
import type { ReportQueryFilter } from '../../db/reports';
import type { WorkingCalendar } from '../../domain/calendar';
import type { Report, ReportFilter } from './table';
import type { UnitDirectory } from './units';

export interface ReportContext {
  pool: Pool;
  filter: ReportFilter;
  /** The filter as the queries take it: the units whose dossiers count. */
  query: ReportQueryFilter;
  directory: UnitDirectory;
  /** Legal date the report is made on. */
  today: string;
  /** Working days are counted on the province's calendar as the admins keep it (domain/calendar). */
  calendarFor(provinceCode: string): Promise<WorkingCalendar>;
}

export function calendarCache(pool: Pool): (provinceCode: string) => Promise<WorkingCalendar> {
  const cache = new Map<string, Promise<WorkingCalendar>>();
  return (provinceCode) => {
    let calendar = cache.get(provinceCode);
    if (!calendar) {
      calendar = loadWorkingCalendar(pool, { province: provinceCode });
      cache.set(provinceCode, calendar);
    }
    return calendar;
  };
}

export type ReportBody = Omit<Report, 'report' | 'title' | 'filter' | 'generatedOn'>;

export interface ReportDefinition {
  title: string;
  build(context: ReportContext): Promise<ReportBody>;
}
