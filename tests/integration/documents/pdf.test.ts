import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { issueDocument } from '../../../activities/documents/issue-document';
import { ChromiumPdfRenderer } from '../../../activities/documents/pdf-renderer';
import { loadDocumentPdf, rerenderDocument } from '../../../activities/documents/stored-documents';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';
import { grantInput } from './fixtures';

function pdfToText(pdf: Buffer, dir: string): string {
  const file = path.join(dir, 'decision.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize(
    'NFC',
  );
}

/** Line index and column of the first line at or after `fromLine` containing `needle`. */
function locate(lines: string[], needle: string | RegExp, fromLine = 0): { line: number; column: number } {
  for (let line = fromLine; line < lines.length; line++) {
    const text = lines[line] ?? '';
    const column = typeof needle === 'string' ? text.indexOf(needle) : text.search(needle);
    if (column >= 0) return { line, column };
  }
  throw new Error(
    `"${String(needle)}" not found in the PDF text after line ${fromLine}:\n${lines.join('\n')}`,
  );
}

describe('grant decision as PDF (headless Chromium)', () => {
  let db: TestDatabase;
  const renderer = new ChromiumPdfRenderer();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-pdf-'));

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await renderer.close();
    await db.drop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('holds the nine parts of Decree 30 in reading order, and the amount in figures and words', async () => {
    const issued = await issueDocument(
      { pool: db.pool, pdfRenderer: renderer },
      grantInput('pdf-1', { withPdf: true, issuedOn: '2026-01-05' }),
    );
    expect(issued.numberLabel).toBe('Số: 01/QĐ-UBND');
    const pdf = await loadDocumentPdf(db, issued.id);
    if (!pdf) throw new Error('no PDF stored');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const text = pdfToText(pdf, workDir);
    const lines = text.split('\n');
    const nationalTitle = locate(lines, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    const issuer = locate(lines, 'ỦY BAN NHÂN DÂN');
    const motto = locate(lines, 'Độc lập - Tự do - Hạnh phúc');
    const number = locate(lines, /Số: \d{2,}\/QĐ-UBND/);
    const placeDate = locate(lines, 'Phước An, ngày 05 tháng 01 năm 2026');
    const docType = locate(lines, /^\s*QUYẾT ĐỊNH\s*$/);
    const summary = locate(lines, 'Về việc trợ cấp xã hội hằng tháng');
    const firstBasis = locate(lines, 'Căn cứ');
    const article1 = locate(lines, 'Điều 1.');
    const recipients = locate(lines, 'Nơi nhận:');
    const authority = locate(lines, 'KT. CHỦ TỊCH');
    const position = locate(lines, 'PHÓ CHỦ TỊCH', authority.line + 1);
    const signer = locate(lines, 'Trần Văn Bình', position.line + 1);
    const archive = locate(lines, '- Lưu: VT, VHXH.');

    // Header: issuer (left) beside the national title (right), number beside the date line.
    expect(issuer.line).toBe(nationalTitle.line);
    expect(issuer.column).toBeLessThan(nationalTitle.column);
    expect(motto.line).toBeGreaterThan(nationalTitle.line);
    expect(number.line).toBe(placeDate.line);
    expect(number.column).toBeLessThan(placeDate.column);
    // Body in order: type, summary, legal bases, articles.
    const bodyOrder = [placeDate.line, docType.line, summary.line, firstBasis.line, article1.line];
    expect([...bodyOrder].sort((a, b) => a - b)).toEqual(bodyOrder);
    expect(new Set(bodyOrder).size).toBe(bodyOrder.length);
    // Closing: recipients (left) beside the signature (right); name below the position, archive line last on the left.
    expect(recipients.line).toBeGreaterThan(article1.line);
    expect(Math.abs(recipients.line - authority.line)).toBeLessThanOrEqual(1);
    expect(recipients.column).toBeLessThan(authority.column);
    expect(signer.line).toBeGreaterThan(position.line + 2); // room for the signature and seal
    expect(archive.line).toBeGreaterThan(recipients.line);

    // The last legal basis line ends with '.', the earlier ones with ';'.
    const preamble = text.slice(text.indexOf('Căn cứ'), text.indexOf('QUYẾT ĐỊNH:'));
    expect(preamble).toContain('Theo đề nghị của Trưởng phòng Văn hóa - Xã hội xã.');
    expect(preamble.match(/;\s*$/gm)?.length).toBeGreaterThanOrEqual(4);

    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('750.000 đồng');
    expect(flat).toContain('Bảy trăm năm mươi nghìn đồng');

    const pdfInfo = execFileSync('pdfinfo', [path.join(workDir, 'decision.pdf')], { encoding: 'utf8' });
    expect(pdfInfo).toMatch(/Pages:\s+1\n/);
    expect(pdfInfo).toMatch(/Page size:\s+59\d\.\d+ x 84\d\.\d+ pts \(A4\)/);
    const fonts = execFileSync('pdffonts', [path.join(workDir, 'decision.pdf')], { encoding: 'utf8' });
    expect(fonts).toContain('LiberationSerif');
    expect(fonts).not.toMatch(/DejaVu/); // no glyph fell back to another face
  });

  it('re-renders the stored decision to byte-identical HTML and PDF', async () => {
    const issued = await issueDocument(
      { pool: db.pool, pdfRenderer: renderer },
      grantInput('pdf-2', { withPdf: true }),
    );
    const again = await rerenderDocument({ pool: db.pool, pdfRenderer: renderer }, issued.id, {
      withPdf: true,
    });
    expect(again.htmlIdentical).toBe(true);
    expect(again.pdfIdentical).toBe(true);
  });
});
