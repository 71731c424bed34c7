/**
 * The addresses messages link to, built in one place: the site's base (PUBLIC_BASE_URL, any trailing slash
 * dropped), the citizen's tracking page for a dossier, and the officer's page of a dossier.
 */
export const trimBaseUrl = (base: string): string => base.replace(/\/+$/, '');

export const trackingLink = (base: string, code: string): string =>
  `${trimBaseUrl(base)}/tra-cuu?ma=${encodeURIComponent(code)}`;

export const officerDossierLink = (base: string, code: string): string =>
  `${trimBaseUrl(base)}/can-bo/ho-so/${encodeURIComponent(code)}`;
