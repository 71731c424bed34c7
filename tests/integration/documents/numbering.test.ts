import type { Pool } from 'pg';
import { createPool } from '../../../db/pool';
import { DocumentDataError, IdempotencyConflictError } from '../../../documents/errors';
import { issueDocument } from '../../../documents/issue-document';
import type { PdfRenderer } from '../../../documents/pdf-renderer';
import { loadSample } from '../../../documents/samples';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';
import { grantInput, PHUOC_AN } from './fixtures';

describe('document number register on a real Postgres', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    // More connections than the helper's pool, so 50 issuers really do contend for the register row.
    pool = createPool(db.url, { max: 12 });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  async function lastNumber(issuerCode: string, year: number, symbol: string): Promise<number | null> {
    const { rows } = await pool.query<{ last_number: number }>(
      'SELECT last_number FROM document_number_register WHERE issuer_code = $1 AND year = $2 AND symbol = $3',
      [issuerCode, year, symbol],
    );
    return rows[0]?.last_number ?? null;
  }

  it('gives 50 concurrent decisions of one issuer 50 distinct consecutive numbers', async () => {
    const issued = await Promise.all(
      Array.from({ length: 50 }, (_, i) => issueDocument({ pool }, grantInput(`concurrent-${i}`))),
    );
    const numbers = issued.map((d) => d.number).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (const document of issued) {
      expect(document.numberLabel).toBe(`Số: ${String(document.number).padStart(2, '0')}/QĐ-UBND`);
      expect(document.html).toContain(`<div class="number">${document.numberLabel}</div>`);
    }
    expect(issued.find((d) => d.number === 1)?.numberLabel).toBe('Số: 01/QĐ-UBND');
    const { rows } = await pool.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM documents WHERE issuer_code = $1 AND year = 2026 AND symbol = 'QĐ-UBND'",
      [PHUOC_AN.code],
    );
    expect(rows[0]?.count).toBe(50);
    expect(await lastNumber(PHUOC_AN.code, 2026, 'QĐ-UBND')).toBe(50);
  });

  it('restarts at 01 in a new year, and keeps separate counters per issuer and per symbol', async () => {
    const nextYear = await issueDocument({ pool }, grantInput('year-2027', { issuedOn: '2027-01-04' }));
    expect(nextYear.number).toBe(1);
    expect(nextYear.numberLabel).toBe('Số: 01/QĐ-UBND');
    expect(nextYear.html).toContain('Phước An, ngày 04 tháng 01 năm 2027');

    const otherIssuer = await issueDocument(
      { pool },
      grantInput('other-issuer', {
        issuer: {
          ...PHUOC_AN,
          code: 'ubnd-xa-26737',
          name: 'Ủy ban nhân dân\nxã Đại Phước',
          place: 'Đại Phước',
        },
      }),
    );
    expect(otherIssuer.number).toBe(1);

    const letter = await issueDocument(
      { pool },
      { ...grantInput('letter-1'), kind: 'refusal-letter', data: loadSample('refusal-letter').data },
    );
    expect(letter.numberLabel).toBe('Số: 01/UBND-VHXH');
  });

  it('does not consume a number when storing the document fails', async () => {
    await pool.query(`
      CREATE FUNCTION refuse_test_document() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.dossier_code = 'FAIL-STORE' THEN RAISE EXCEPTION 'simulated storage failure'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_test_document BEFORE INSERT ON documents
        FOR EACH ROW EXECUTE FUNCTION refuse_test_document();`);
    const before = await lastNumber(PHUOC_AN.code, 2026, 'QĐ-UBND');
    await expect(
      issueDocument({ pool }, grantInput('fails-1', { dossierCode: 'FAIL-STORE' })),
    ).rejects.toThrow('simulated storage failure');
    expect(await lastNumber(PHUOC_AN.code, 2026, 'QĐ-UBND')).toBe(before);

    const next = await issueDocument({ pool }, grantInput('after-failures'));
    expect(next.number).toBe((before ?? 0) + 1);
  });

  it('a print that fails keeps the number with the stored document; the retry prints it, no second number', async () => {
    const before = (await lastNumber(PHUOC_AN.code, 2026, 'QĐ-UBND')) ?? 0;
    const brokenPdf: PdfRenderer = {
      render: () => Promise.reject(new Error('Chromium crashed')),
      close: () => Promise.resolve(),
    };
    await expect(
      issueDocument({ pool, pdfRenderer: brokenPdf }, grantInput('fails-2', { withPdf: true })),
    ).rejects.toThrow('Chromium crashed');
    expect(await lastNumber(PHUOC_AN.code, 2026, 'QĐ-UBND')).toBe(before + 1);
    const printer: PdfRenderer = {
      render: () => Promise.resolve(Buffer.from('%PDF-1.4 test')),
      close: () => Promise.resolve(),
    };
    const retried = await issueDocument(
      { pool, pdfRenderer: printer },
      grantInput('fails-2', { withPdf: true }),
    );
    expect(retried).toMatchObject({ number: before + 1, replayed: true, pdfSha256: expect.any(String) });
    expect(await lastNumber(PHUOC_AN.code, 2026, 'QĐ-UBND')).toBe(before + 1);
  });

  it("a hung print does not hold the number register: the issuer's next document is numbered meanwhile", async () => {
    // The print starts (the renderer is called) only after the number and the HTML are committed; it then
    // hangs until released. No bound on the wait: a loaded machine is slow, not wrong.
    let printStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => (printStarted = resolve));
    let release: () => void = () => {};
    const hungPdf: PdfRenderer = {
      render: () =>
        new Promise<Buffer>((resolve) => {
          release = () => resolve(Buffer.from('%PDF-1.4 late'));
          printStarted();
        }),
      close: () => Promise.resolve(),
    };
    const printing = issueDocument(
      { pool, pdfRenderer: hungPdf },
      grantInput('hung-print', { withPdf: true }),
    );
    await started;
    try {
      // While it hangs, nobody holds the register row: the next document is numbered at once.
      const { rows: locks } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
          WHERE c.relname = 'document_number_register' AND l.pid <> pg_backend_pid()`,
      );
      expect(locks[0]?.n).toBe(0);
      const meanwhile = await issueDocument({ pool }, grantInput('while-printing'));
      release();
      const printed = await printing;
      expect(printed.pdfSha256).toEqual(expect.any(String));
      expect(meanwhile.number).toBe((printed.number ?? 0) + 1);
    } finally {
      release();
    }
  });

  it('refuses invalid data before touching the register, naming the field', async () => {
    const before = await lastNumber(PHUOC_AN.code, 2026, 'QĐ-UBND');
    const data = structuredClone(loadSample('grant-monthly-allowance').data) as {
      beneficiary: Record<string, unknown>;
    };
    delete data.beneficiary.birthDate;
    const attempt = issueDocument({ pool }, grantInput('bad-data', { data }));
    await expect(attempt).rejects.toThrow(DocumentDataError);
    await expect(attempt).rejects.toThrow('beneficiary.birthDate: thiếu trường bắt buộc');
    expect(await lastNumber(PHUOC_AN.code, 2026, 'QĐ-UBND')).toBe(before);
  });

  it('returns the same document for a retried idempotency key without a second number', async () => {
    const first = await issueDocument({ pool }, grantInput('retry-me'));
    const after = await lastNumber(PHUOC_AN.code, 2026, 'QĐ-UBND');
    const again = await issueDocument({ pool }, grantInput('retry-me'));
    expect(again).toEqual({ ...first, replayed: true });
    expect(await lastNumber(PHUOC_AN.code, 2026, 'QĐ-UBND')).toBe(after);

    // Concurrent retries: one document, one number; the losers' increments roll back with them.
    const racing = await Promise.all(
      Array.from({ length: 6 }, () => issueDocument({ pool }, grantInput('race-me'))),
    );
    expect(new Set(racing.map((d) => d.id)).size).toBe(1);
    expect(await lastNumber(PHUOC_AN.code, 2026, 'QĐ-UBND')).toBe((after ?? 0) + 1);
    const { rows } = await pool.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM documents WHERE idempotency_key = 'race-me'",
    );
    expect(rows[0]?.count).toBe(1);
  });

  it('refuses an idempotency key reused for a different document', async () => {
    await expect(
      issueDocument(
        { pool },
        { ...grantInput('retry-me'), kind: 'funeral-support', data: loadSample('funeral-support').data },
      ),
    ).rejects.toThrow(IdempotencyConflictError);
  });

  it('leaves one-stop forms unnumbered: they carry the dossier code', async () => {
    const receipt = await issueDocument(
      { pool },
      {
        idempotencyKey: 'receipt-1',
        kind: 'receipt-appointment',
        issuer: {
          code: 'ttphcc-26734',
          name: 'Trung tâm Phục vụ\nhành chính công',
          superior: 'Ủy ban nhân dân\nxã Phước An',
          place: 'Phước An',
          symbol: 'TTPVHCC',
        },
        dossierCode: '26734-260105-0007',
        data: loadSample('receipt-appointment').data,
        issuedOn: '2026-01-05',
      },
    );
    expect(receipt.number).toBeNull();
    expect(receipt.numberLabel).toBeNull();
    expect(receipt.html).toContain('Mã hồ sơ: 26734-260105-0007');
    expect(receipt.html).not.toContain('Số: ');
    expect(await lastNumber('ttphcc-26734', 2026, 'TTPVHCC')).toBeNull();
  });
});
