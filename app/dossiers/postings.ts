/**
 * A commune's public posting (niêm yết công khai) as anyone may read it: who is proposed for assistance, under
 * which category, from when to when — built field by field, so HIV status, ID numbers, dates of birth (only the
 * year), phones and full addresses can never reach it. Clauses 5.3 and 5.8 get labels that do not name HIV.
 */
import { openPostingsOfCommune } from '../../db/dossier-views';
import { findUnit, listUnits } from '../../db/units';
import { PUBLIC_CATEGORY_LABELS } from '../../documents/public-posting';
import type { BeneficiaryClause } from '../../domain/benefit-categories';
import type { AppDeps } from '../deps';
import { notFound } from '../errors';

export interface PostingEntry {
  code: string;
  procedureTitle: string;
  fullName: string;
  birthYear: number | null;
  /** The first part of the address (hamlet, residential group), never the street address. */
  residence: string;
  categories: string[];
  startedOn: string;
  endsOn: string;
}

export interface CommunePosting {
  commune: { code: string; name: string };
  entries: PostingEntry[];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function entryOf(record: Awaited<ReturnType<typeof openPostingsOfCommune>>[number]): PostingEntry {
  const beneficiary = (record.application.beneficiary ?? {}) as Record<string, unknown>;
  const birth = /^(\d{4})-/.exec(text(beneficiary.dateOfBirth));
  const qualifications = Array.isArray(beneficiary.qualifications) ? beneficiary.qualifications : [];
  const categories = qualifications
    .map((qualification) => text((qualification as Record<string, unknown>).clause) as BeneficiaryClause)
    .map((clause) => PUBLIC_CATEGORY_LABELS[clause])
    .filter((label): label is string => typeof label === 'string');
  return {
    code: record.code,
    procedureTitle: record.procedureTitle,
    fullName: text(beneficiary.fullName),
    birthYear: birth ? Number(birth[1]) : null,
    residence: text(beneficiary.address).split(',')[0]?.trim() ?? '',
    categories,
    startedOn: record.startedOn,
    endsOn: record.endsOn,
  };
}

export async function communePosting(deps: AppDeps, communeCode: string): Promise<CommunePosting> {
  const commune = await findUnit(deps.pool, communeCode);
  if (!commune || commune.level !== 'commune') throw notFound('Không tìm thấy xã, phường, thị trấn này');
  const records = await openPostingsOfCommune(deps.pool, communeCode);
  return { commune: { code: commune.code, name: commune.name }, entries: records.map(entryOf) };
}

/** Every commune, whose posting anyone may open (the home page lists them). */
export async function communes(deps: AppDeps): Promise<Array<{ code: string; name: string }>> {
  return (await listUnits(deps.pool))
    .filter((unit) => unit.level === 'commune')
    .map((unit) => ({ code: unit.code, name: unit.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}
