import type { PoolClient } from 'pg';
import { z } from 'zod';
import { pdfRendererOf, type DocumentDeps } from './deps';
import { documentKind } from './document-kinds';
import { DocumentDataError, IdempotencyConflictError } from './errors';
import { symbolFor, takeNextNumber, type TakenNumber } from './number-register';
import { renderDocumentHtml, validateDocumentData, validateDocumentHeader } from './render-html';
import { legalDate, text } from './schemas/common';
import type { DocumentHeaderInput } from './schemas/header';
import { overrideSourcesFor, recordTemplateVersion } from './template-store';
import { builtInSourceSet, sha256Hex } from './template-sources';

const symbolPart = z
  .string()
  .regex(/^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$/u, 'chữ in hoa không dấu (trừ Đ), số và dấu gạch nối');

export const issuerSchema = z.strictObject({
  /** Stable code of the issuing body; the register is kept per code. */
  code: text,
  /** As printed; a line break splits it ('Ủy ban nhân dân\nxã Phước An'). */
  name: text,
  superior: text.optional(),
  /** Place name for the date line. */
  place: text,
  /** Abbreviation after the type code: 'UBND' → 'QĐ-UBND'. */
  symbol: symbolPart,
  /** Drafting unit appended to letters' symbols: 'VHXH' → 'UBND-VHXH'. */
  draftingUnit: symbolPart.optional(),
});

export const issueDocumentInputSchema = z.strictObject({
  /** Same key → same document and no second number; e.g. '<dossier code>:<event sequence>:<kind>'. */
  idempotencyKey: text.max(300),
  kind: text,
  issuer: issuerSchema,
  dossierCode: text.optional(),
  /** Selects the province's template override, when one is in force. */
  provinceCode: text.optional(),
  data: z.unknown(),
  issuedOn: legalDate,
  withPdf: z.boolean().default(false),
});

export type IssueDocumentInput = z.input<typeof issueDocumentInputSchema>;

export interface IssuedDocument {
  id: string;
  kind: string;
  /** null for unnumbered forms. */
  number: number | null;
  /** 'Số: 05/QĐ-UBND', or null for unnumbered forms. */
  numberLabel: string | null;
  year: number;
  templateVersion: string;
  /** SHA-256 (hex) of the HTML. */
  sha256: string;
  html: string;
  /** SHA-256 (hex) of the PDF when one was made; fetch the bytes with loadDocumentPdf. */
  pdfSha256?: string;
  /** true when the idempotency key was already used and the stored document is returned. */
  replayed: boolean;
}

interface DocumentRow {
  id: string;
  kind: string;
  issuer_code: string;
  issued_on: string;
  number: number | null;
  number_label: string | null;
  year: number;
  template_version: string;
  html_sha256: string;
  html: string;
  pdf_sha256: string | null;
}

const SELECT_ISSUED = `SELECT id, kind, issuer_code, issued_on, number, number_label, year, template_version,
                              html_sha256, html, pdf_sha256
                         FROM documents WHERE idempotency_key = $1`;

function toIssued(row: DocumentRow, replayed: boolean): IssuedDocument {
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    numberLabel: row.number_label,
    year: row.year,
    templateVersion: row.template_version,
    sha256: row.html_sha256,
    html: row.html,
    ...(row.pdf_sha256 ? { pdfSha256: row.pdf_sha256 } : {}),
    replayed,
  };
}

async function findByIdempotencyKey(
  deps: DocumentDeps,
  input: { idempotencyKey: string; kind: string; issuer: { code: string }; issuedOn: string },
): Promise<IssuedDocument | null> {
  const { rows } = await deps.pool.query<DocumentRow>(SELECT_ISSUED, [input.idempotencyKey]);
  const row = rows[0];
  if (!row) return null;
  if (row.kind !== input.kind || row.issuer_code !== input.issuer.code || row.issued_on !== input.issuedOn) {
    throw new IdempotencyConflictError(input.idempotencyKey);
  }
  return toIssued(row, true);
}

function isIdempotencyKeyViolation(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === '23505' &&
    'constraint' in error &&
    error.constraint === 'documents_idempotency_key_key'
  );
}

/**
 * Issues one official document: takes the next number from the register (numbered kinds), renders the
 * HTML with that number and stores it — in one transaction, so a failure there gives the number back —
 * then prints the PDF (when asked) and attaches it. Idempotent on `idempotencyKey`: a retried activity gets
 * the stored document, printed now if the earlier print failed, and consumes no second number.
 *
 * The register row stays locked only while the HTML renders and the row is stored (milliseconds), which
 * serialises issuance per issuer and symbol. Chromium prints outside the transaction: a print that hangs
 * or crashes holds neither the register nor a connection, and the number stays with its stored document.
 */
export async function issueDocument(
  deps: DocumentDeps,
  rawInput: IssueDocumentInput,
): Promise<IssuedDocument> {
  const parsedInput = issueDocumentInputSchema.safeParse(rawInput);
  if (!parsedInput.success) throw DocumentDataError.fromZod('issueDocument', parsedInput.error);
  const input = parsedInput.data;
  const definition = documentKind(input.kind);

  const existing = await findByIdempotencyKey(deps, input);
  // A retry after a print that failed or hung: the number is the stored document's; only the PDF is missing.
  if (existing) return input.withPdf && !existing.pdfSha256 ? attachPdf(deps, existing) : existing;

  // Refuse bad data before opening a transaction or touching the register.
  const data = validateDocumentData(definition.id, input.data);
  const headerWithoutNumber: DocumentHeaderInput = {
    issuer: {
      name: input.issuer.name,
      place: input.issuer.place,
      ...(input.issuer.superior ? { superior: input.issuer.superior } : {}),
    },
    issuedOn: input.issuedOn,
  };
  validateDocumentHeader(definition.id, headerWithoutNumber);

  const sources =
    (await overrideSourcesFor(deps.pool, input.provinceCode, definition.id)) ??
    builtInSourceSet(definition.id);
  // Outside the transaction: the row is keyed by content, harmless if the document then fails, and
  // inserting it here would make concurrent issuers of other registers wait on each other's commits.
  await recordTemplateVersion(deps.pool, sources);
  const year = Number(input.issuedOn.slice(0, 4));

  const client: PoolClient = await deps.pool.connect();
  let connectionBroken = false;
  let stored: IssuedDocument;
  try {
    await client.query('BEGIN');
    let taken: TakenNumber | null = null;
    if (definition.numbering.kind === 'register') {
      const symbol = symbolFor(definition.numbering, input.issuer);
      taken = await takeNextNumber(client, { issuerCode: input.issuer.code, year, symbol });
    }
    const header: DocumentHeaderInput = taken
      ? { ...headerWithoutNumber, numberLabel: taken.label }
      : headerWithoutNumber;
    const rendered = renderDocumentHtml(definition.id, data, { header, sources });
    const htmlSha256 = sha256Hex(rendered.html);

    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO documents (idempotency_key, dossier_code, province_code, kind, issuer_code, number, symbol,
                              number_label, year, template_id, template_version, header, data, html,
                              html_sha256, pdf, pdf_sha256, issued_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       RETURNING id`,
      [
        input.idempotencyKey,
        input.dossierCode ?? null,
        input.provinceCode ?? null,
        definition.id,
        input.issuer.code,
        taken?.number ?? null,
        taken?.symbol ?? null,
        taken?.label ?? null,
        year,
        rendered.templateId,
        rendered.templateVersion,
        JSON.stringify(rendered.header),
        JSON.stringify(rendered.data),
        rendered.html,
        htmlSha256,
        null,
        null,
        input.issuedOn,
      ],
    );
    await client.query('COMMIT');
    const id = rows[0]?.id;
    if (!id) throw new Error('Lưu văn bản không trả về id');
    stored = {
      id,
      kind: definition.id,
      number: taken?.number ?? null,
      numberLabel: taken?.label ?? null,
      year,
      templateVersion: rendered.templateVersion,
      sha256: htmlSha256,
      html: rendered.html,
      replayed: false,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      connectionBroken = true;
    });
    // A concurrent attempt with the same key committed first: ours rolled back (its number with it).
    const winner = isIdempotencyKeyViolation(error) ? await findByIdempotencyKey(deps, input) : null;
    if (!winner) throw error;
    stored = winner;
  } finally {
    // A connection that could not even roll back is discarded rather than handed to the next caller.
    client.release(connectionBroken);
  }
  return input.withPdf && !stored.pdfSha256 ? attachPdf(deps, stored) : stored;
}

/** Prints the stored HTML and attaches the PDF to its document (no transaction, no register lock held). */
async function attachPdf(deps: DocumentDeps, document: IssuedDocument): Promise<IssuedDocument> {
  const pdf = await pdfRendererOf(deps).render(document.html);
  const pdfSha256 = sha256Hex(pdf);
  // A concurrent retry may have attached its print first: the same HTML gives the same bytes (dates pinned).
  await deps.pool.query('UPDATE documents SET pdf = $2, pdf_sha256 = $3 WHERE id = $1 AND pdf IS NULL', [
    document.id,
    pdf,
    pdfSha256,
  ]);
  return { ...document, pdfSha256 };
}
