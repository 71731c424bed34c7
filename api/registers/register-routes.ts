/**
 * GET /api/registers/dossiers — form 07, the dossier register of a unit for a period, as the print view, a
 * PDF or an XLSX workbook (streamed): thin over app/registers/dossier-register.ts, which the officer's page
 * calls too.
 */
import { RegisterQuerySchema } from '../../app/registers/schemas';
import { sendDossierRegister } from '../../http/send-dossier-register';
import type { RouteModule } from '../route-registry';

export const registerRoutes: RouteModule = (routes, deps) => {
  routes.add({
    method: 'get',
    path: '/api/registers/dossiers',
    summary: 'The dossier register (sổ theo dõi hồ sơ, form 07) of a unit for a period',
    description:
      'The dossiers the unit’s communes received from `from` to `to` (at most a year; 400 INVALID_PERIOD ' +
      'otherwise), one row each: code, procedure, applicant’s name and address, received, appointment, who it ' +
      'was handed to, result date, Trước hạn / Đúng hạn / Quá hạn, notes. Never an ID number or HIV status. ' +
      '403 when the unit is outside the caller’s scope. The print view and PDF refuse more than 5,000 rows ' +
      '(422 REGISTER_TOO_LARGE); the XLSX has no such limit.',
    tags: ['registers'],
    auth: 'authenticated',
    query: RegisterQuerySchema,
    response: {
      status: 200,
      description: 'text/html, application/pdf or the XLSX workbook (as a download)',
    },
    errors: [403, 422],
    handler: async ({ query, auth, res }) => {
      await sendDossierRegister(res, deps, auth.user, query);
    },
  });
};
