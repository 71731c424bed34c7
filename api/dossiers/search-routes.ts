/** GET /api/dossiers: officers search the dossiers of their units (app/dossiers/search.ts). */
import { z } from 'zod';
import { OFFICER_ROLES, READ_ONLY_ROLES } from '../../app/tasks/inbox';
import { SearchQuerySchema, searchDossiersInScope } from '../../app/dossiers/search';
import type { RouteModule } from '../route-registry';

const SearchResponseSchema = z
  .object({
    dossiers: z.array(
      z.object({
        code: z.string(),
        procedureId: z.string(),
        procedureTitle: z.string(),
        status: z.string(),
        statusText: z.string(),
        beneficiaryName: z.string(),
        applicantName: z.string(),
        communeCode: z.string(),
        receivedOn: z.string(),
        appointmentDate: z.string().nullable(),
        onTimeStatus: z.string().nullable(),
        overdue: z.boolean(),
        currentStepTitle: z.string().nullable(),
      }),
    ),
    page: z.number().int(),
    hasNextPage: z.boolean(),
  })
  .meta({ id: 'DossierSearchResult' });

export const searchRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/dossiers',
    summary: 'Search dossiers in the caller’s units',
    description:
      'Filters combine: code (exact or its start), name (any part of the beneficiary’s or applicant’s name, ' +
      'diacritics optional: "tran van bay" finds "Trần Văn Bảy"), idDigits (4–12 digits of an ID number; ' +
      'commune officers and admins only, others 400), status, procedureId, receivedFrom/receivedTo ' +
      '(inclusive). Newest received first, pages of 20 (`page`, from 1). Results never carry ID numbers.',
    tags: ['dossiers'],
    auth: [...OFFICER_ROLES, ...READ_ONLY_ROLES],
    query: SearchQuerySchema,
    response: { status: 200, description: 'One page of dossiers', schema: SearchResponseSchema },
    handler: ({ query, auth }) => searchDossiersInScope(deps, auth.user, query),
  });
};
