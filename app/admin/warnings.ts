/**
 * What admins must act on before it bites: reference data in force today that ends within
 * EXPIRY_WARNING_DAYS (60) days with nothing to follow it (domain/effective-period.ts). A procedure whose every
 * version has ended refuses every new dossier (422 NO_PROCEDURE_IN_FORCE), and a base level that ends with no
 * later one stops every decision; both are warned about while there is time to publish a successor. Shown by
 * `GET /api/admin/warnings` and on the admin pages (`/quan-tri`, `/quan-tri/thu-tuc`, `/quan-tri/muc-chuan`).
 */
import { baseLevelRecords } from '../../db/base-levels';
import { loadAllProcedureVersions } from '../../db/procedures';
import {
  daysUntilEnd,
  endsWithoutSuccessor,
  firstDayAfter,
  vietnameseDate,
} from '../../domain/effective-period';
import { clockOf, legalToday, type AppDeps } from '../deps';

export type ExpiryWarning =
  | {
      kind: 'procedure_version_ending';
      procedureId: string;
      version: number;
      title: string;
      effectiveTo: string;
      daysLeft: number;
      message: string;
    }
  | {
      /** Every version has ended and none starts later: new dossiers are being refused now. */
      kind: 'procedure_ended';
      procedureId: string;
      version: number;
      title: string;
      effectiveTo: string;
      daysLeft: number;
      message: string;
    }
  | {
      kind: 'base_level_ending';
      effectiveFrom: string;
      effectiveTo: string;
      daysLeft: number;
      message: string;
    };

export async function expiryWarnings(deps: AppDeps): Promise<{ today: string; warnings: ExpiryWarning[] }> {
  const today = legalToday(clockOf(deps)());
  const warnings: ExpiryWarning[] = [];

  const versions = (await loadAllProcedureVersions(deps.pool)).map((record) => record.definition);
  for (const version of versions) {
    const others = versions.filter((other) => other.id === version.id);
    if (!endsWithoutSuccessor(version, others, today)) continue;
    const effectiveTo = version.effectiveTo!;
    const daysLeft = daysUntilEnd(version, today)!;
    warnings.push({
      kind: 'procedure_version_ending',
      procedureId: version.id,
      version: version.version,
      title: version.title,
      effectiveTo,
      daysLeft,
      message:
        `Thủ tục “${version.title}” (phiên bản ${version.version}) hết hiệu lực sau ngày ` +
        `${vietnameseDate(effectiveTo)} (còn ${daysLeft} ngày) và chưa có phiên bản thay thế: từ ngày ` +
        `${vietnameseDate(firstDayAfter(version)!)} hồ sơ mới sẽ bị từ chối. Hãy công bố phiên bản áp dụng từ ngày đó.`,
    });
  }

  for (const id of new Set(versions.map((version) => version.id))) {
    const own = versions.filter((version) => version.id === id);
    if (own.some((version) => version.effectiveTo === undefined || version.effectiveTo >= today)) continue;
    const last = own.sort((a, b) => a.effectiveTo!.localeCompare(b.effectiveTo!)).at(-1)!;
    warnings.push({
      kind: 'procedure_ended',
      procedureId: id,
      version: last.version,
      title: last.title,
      effectiveTo: last.effectiveTo!,
      daysLeft: daysUntilEnd(last, today)!,
      message:
        `Thủ tục “${last.title}” đã hết hiệu lực sau ngày ${vietnameseDate(last.effectiveTo!)} và chưa có ` +
        `phiên bản thay thế: hồ sơ mới đang bị từ chối. Hãy công bố phiên bản áp dụng từ hôm nay.`,
    });
  }

  const levels = await baseLevelRecords(deps.pool);
  for (const level of levels) {
    // A level applies until a later one starts: only later levels can follow it.
    const later = levels.filter((other) => other.effectiveFrom > level.effectiveFrom);
    if (!endsWithoutSuccessor(level, later, today)) continue;
    const effectiveTo = level.effectiveTo!;
    const daysLeft = daysUntilEnd(level, today)!;
    warnings.push({
      kind: 'base_level_ending',
      effectiveFrom: level.effectiveFrom,
      effectiveTo,
      daysLeft,
      message:
        `Mức chuẩn trợ giúp xã hội áp dụng từ ngày ${vietnameseDate(level.effectiveFrom)} hết hiệu lực sau ngày ` +
        `${vietnameseDate(effectiveTo)} (còn ${daysLeft} ngày) và chưa có mức chuẩn tiếp theo: hãy thêm mức ` +
        `chuẩn áp dụng từ ngày ${vietnameseDate(firstDayAfter(level)!)}.`,
    });
  }
  return { today, warnings: warnings.sort((a, b) => a.daysLeft - b.daysLeft) };
}
