import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { issueDocument } from '../../../documents/issue-document';
import { ChromiumPdfRenderer } from '../../../documents/pdf-renderer';
import { loadDocumentPdf, rerenderDocument } from '../../../documents/stored-documents';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';
import { readPdfText } from '../../helpers/pdf-text';
import { grantInput } from './fixtures';

/** A4 in points (210 × 297 mm). */
const A4 = { width: 595.28, height: 841.89 };

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

    const file = path.join(workDir, 'decision.pdf');
    fs.writeFileSync(file, pdf);
    const read = readPdfText(file);
    const { text, locate } = read;
    const nationalTitle = locate('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    const issuer = locate('ỦY BAN NHÂN DÂN');
    const motto = locate('Độc lập - Tự do - Hạnh phúc');
    const number = locate(/Số: \d{2,}\/QĐ-UBND/);
    const placeDate = locate('Phước An, ngày 05 tháng 01 năm 2026');
    const docType = locate(/^\s*QUYẾT ĐỊNH\s*$/);
    const summary = locate('Về việc trợ cấp xã hội hằng tháng');
    const firstBasis = locate('Căn cứ');
    const article1 = locate('Điều 1.');
    const recipients = locate('Nơi nhận:');
    const authority = locate('KT. CHỦ TỊCH');
    const position = locate('PHÓ CHỦ TỊCH', authority.line + 1);
    const signer = locate('Trần Văn Bình', position.line + 1);
    const archive = locate('- Lưu: VT, VHXH.');

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
    // Closing: recipients (left) beside the signature (right), baselines within half a line of body text;
    // name below the position, archive line last on the left.
    expect(recipients.line).toBeGreaterThan(article1.line);
    expect(Math.abs(recipients.y - authority.y)).toBeLessThan(8);
    expect(recipients.column).toBeLessThan(authority.column);
    // Room for the signature and seal: the name's baseline over 60pt (21 mm) below the position's; the
    // template leaves 24 mm.
    expect(signer.y - position.y).toBeGreaterThan(60);
    expect(archive.line).toBeGreaterThan(recipients.line);

    // The last legal basis line ends with '.', the earlier ones with ';'.
    const preamble = text.slice(text.indexOf('Căn cứ'), text.indexOf('QUYẾT ĐỊNH:'));
    expect(preamble).toContain('Theo đề nghị của Trưởng phòng Văn hóa - Xã hội xã.');
    expect(preamble.match(/;\s*$/gm)?.length).toBeGreaterThanOrEqual(4);

    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('750.000 đồng');
    expect(flat).toContain('Bảy trăm năm mươi nghìn đồng');

    // Four legal bases cited in full (number, date, issuer, summary: Decree 30) take the closing onto a second
    // page; it never splits: the recipients, the position and the signer's name share one page.
    expect(read.pages).toBeLessThanOrEqual(2);
    expect(new Set([recipients.page, authority.page, signer.page, archive.page]).size).toBe(1);
    expect(read.pageSize).toEqual({
      width: expect.closeTo(A4.width, 0),
      height: expect.closeTo(A4.height, 0),
    });
    // The embedded (subset) Liberation Serif; no glyph fell back to another face.
    expect(read.fonts).toContainEqual(expect.stringMatching(/^([A-Z]{6}\+)?LiberationSerif\b/));
    expect(read.fonts).not.toContainEqual(expect.stringMatching(/DejaVu/));
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
