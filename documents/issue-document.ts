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
 * HTML with that number and stores it — in one short transaction, so a failure there gives the number back —
 * then prints the PDF when asked and adds it to the stored row. Idempotent on `idempotencyKey`: a retried
 * activity gets the stored document (printed now if the first attempt died before printing) and consumes no
 * second number.
 *
 * The register row is locked only while the number is taken and the HTML stored (milliseconds): printing
 * (Chromium, seconds, possibly hung) happens after the commit, holding neither a lock nor a pool client. The
 * number belongs to the HTML, the legal text; the PDF is its print.
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
  if (existing) return input.withPdf ? withPrint(deps, existing) : existing;

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
  let issued: IssuedDocument;
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
                              html_sha256, issued_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
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
        input.issuedOn,
      ],
    );
    await client.query('COMMIT');
    const id = rows[0]?.id;
    if (!id) throw new Error('Lưu văn bản không trả về id');
    issued = {
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
    if (isIdempotencyKeyViolation(error)) {
      const winner = await findByIdempotencyKey(deps, input);
      if (winner) return input.withPdf ? withPrint(deps, winner) : winner;
    }
    throw error;
  } finally {
    // A connection that could not even roll back is discarded rather than handed to the next caller.
    client.release(connectionBroken);
  }
  return input.withPdf ? withPrint(deps, issued) : issued;
}

/**
 * The stored document with its PDF: printed now when it has none yet (first issue, or a retry after an
 * attempt that died between the commit and the print). Two attempts printing at once keep the first stored.
 */
async function withPrint(deps: DocumentDeps, document: IssuedDocument): Promise<IssuedDocument> {
  if (document.pdfSha256) return document;
  const pdf = await pdfRendererOf(deps).render(document.html);
  const { rows } = await deps.pool.query<{ pdf_sha256: string }>(
    `UPDATE documents SET pdf = $2, pdf_sha256 = $3 WHERE id = $1 AND pdf IS NULL RETURNING pdf_sha256`,
    [document.id, pdf, sha256Hex(pdf)],
  );
  const stored =
    rows[0]?.pdf_sha256 ??
    (
      await deps.pool.query<{ pdf_sha256: string }>('SELECT pdf_sha256 FROM documents WHERE id = $1', [
        document.id,
      ])
    ).rows[0]?.pdf_sha256;
  return stored ? { ...document, pdfSha256: stored } : document;
}
