import { loadSample } from '../../../documents/samples';
import type { IssueDocumentInput } from '../../../documents/issue-document';

/** The commune people's committee used across the document integration tests. */
export const PHUOC_AN = {
  code: 'ubnd-xa-26734',
  name: 'Ủy ban nhân dân\nxã Phước An',
  place: 'Phước An',
  symbol: 'UBND',
  draftingUnit: 'VHXH',
} as const;

export function grantInput(
  idempotencyKey: string,
  overrides: Partial<IssueDocumentInput> = {},
): IssueDocumentInput {
  return {
    idempotencyKey,
    kind: 'grant-monthly-allowance',
    issuer: { ...PHUOC_AN },
    dossierCode: '26734-260105-0007',
    data: loadSample('grant-monthly-allowance').data,
    issuedOn: '2026-03-02',
    withPdf: false,
    ...overrides,
  };
}
