import type { Response } from 'express';
import type { AuthenticatedUser } from '../app/auth/session';
import type { AppDeps } from '../app/deps';
import {
  openDossierRegister,
  printedDossierRegister,
  registerXlsxFilename,
  writeDossierRegisterWorkbook,
  XLSX_MEDIA_TYPE,
  type RegisterRequest,
} from '../app/registers/dossier-register';
import type { RegisterFormat } from '../app/registers/schemas';
import { sendDocument } from './send-document';

/**
 * Sends form 07 in the asked format, for the API and the officer's page alike. Every check (period, scope,
 * size of a printed register) is made before the first byte, so a refusal is still a clean 4xx; the XLSX is
 * then streamed row by row.
 */
export async function sendDossierRegister(
  res: Response,
  deps: AppDeps,
  user: AuthenticatedUser,
  request: RegisterRequest & { format: RegisterFormat },
): Promise<void> {
  const register = await openDossierRegister(deps, user, request);
  if (request.format !== 'xlsx') {
    sendDocument(res, await printedDossierRegister(deps, register, request.format), { download: true });
    return;
  }
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Disposition', `attachment; filename="${registerXlsxFilename(register)}"`);
  res.status(200).type(XLSX_MEDIA_TYPE);
  await writeDossierRegisterWorkbook(register, res);
}
