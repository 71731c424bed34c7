/**
 * Officers search the dossiers of their units: by code, by name without typing diacritics, by ID number
 * digits (only the roles that may see ID numbers: the commune officer who verifies people, and admins), by
 * status, procedure and received dates; pages of 20, newest first.
 */
import { z } from 'zod';
import { searchDossiers, type DossierSearchHit } from '../../db/dossier-search';
import { callerScope } from '../auth/caller-scope';
import type { AuthenticatedUser } from '../auth/session';
import type { AppDeps } from '../deps';
import { validationFailed } from '../errors';
import { IsoDateSchema } from '../schemas';
import { DOSSIER_STATUS_TEXT, statusText } from './status-text';
import { ProcedureIdSchema } from './schemas';

/** Who may search by ID number digits: the roles that see ID numbers in the officer view. */
const ID_SEARCH_ROLES = new Set(['commune_officer', 'admin']);

export const SearchQuerySchema = z
  .strictObject({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[0-9A-Z.-]{2,30}$/, { error: 'Mã hồ sơ gồm chữ số, chữ in hoa, dấu chấm và gạch ngang' })
      .optional(),
    name: z.string().trim().min(2, { error: 'Nhập ít nhất 2 ký tự của họ tên' }).max(100).optional(),
    idDigits: z
      .string()
      .trim()
      .regex(/^\d{4,12}$/, { error: 'Nhập từ 4 đến 12 chữ số của số định danh' })
      .optional(),
    status: z.enum(Object.keys(DOSSIER_STATUS_TEXT) as [string, ...string[]]).optional(),
    procedureId: ProcedureIdSchema.optional(),
    receivedFrom: IsoDateSchema.optional(),
    receivedTo: IsoDateSchema.optional(),
    page: z.coerce.number().int().min(1).max(1000).default(1),
  })
  .refine((query) => !query.receivedFrom || !query.receivedTo || query.receivedFrom <= query.receivedTo, {
    path: ['receivedTo'],
    error: 'Ngày cuối không được trước ngày đầu',
  });
export type SearchQuery = z.output<typeof SearchQuerySchema>;

export const SEARCH_PAGE_SIZE = 20;

export interface SearchResult {
  dossiers: Array<DossierSearchHit & { statusText: string }>;
  page: number;
  hasNextPage: boolean;
}

export async function searchDossiersInScope(
  deps: AppDeps,
  user: AuthenticatedUser,
  query: SearchQuery,
): Promise<SearchResult> {
  if (query.idDigits && !ID_SEARCH_ROLES.has(user.role)) {
    throw validationFailed([
      { path: 'query.idDigits', message: 'Vai trò của bạn không được tìm hồ sơ theo số định danh cá nhân' },
    ]);
  }
  const scope = await callerScope(deps, user);
  const { hits, more } = await searchDossiers(deps.pool, {
    unitCodes: scope.unitCodes(),
    ...(query.code ? { codePrefix: query.code } : {}),
    ...(query.name ? { name: query.name.normalize('NFC') } : {}),
    ...(query.idDigits ? { idDigits: query.idDigits } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.procedureId ? { procedureId: query.procedureId } : {}),
    ...(query.receivedFrom ? { receivedFrom: query.receivedFrom } : {}),
    ...(query.receivedTo ? { receivedTo: query.receivedTo } : {}),
    limit: SEARCH_PAGE_SIZE,
    offset: (query.page - 1) * SEARCH_PAGE_SIZE,
  });
  return {
    dossiers: hits.map((hit) => ({ ...hit, statusText: statusText(hit.status) })),
    page: query.page,
    hasNextPage: more,
  };
}
