import type { Response } from 'express';
import type { ReportFile } from '../app/reports/export';

/**
 * Sends a report file (CSV or XLSX) as a download: headers first, then the rows as they are written, so a large
 * export is never held whole in memory. Used by the JSON API and the pages alike.
 */
export async function sendReportFile(res: Response, file: ReportFile): Promise<void> {
  res.status(200);
  res.setHeader('content-type', file.contentType);
  res.setHeader('content-disposition', `attachment; filename="${file.fileName}"`);
  res.setHeader('cache-control', 'no-store');
  await file.write(res);
}
