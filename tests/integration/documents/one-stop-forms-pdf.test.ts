/**
 * Forms 04 (both editions) and 05 printed to PDF by headless Chromium, as issued: one A4 page each, the Decree 30
 * parts in reading order (issuer beside the national title, place and date, the form's title, addressee, body,
 * signature), the form's own wording, and the body font the print CSS asks for.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChromiumPdfRenderer } from '../../../documents/pdf-renderer';
import { renderDocumentHtml } from '../../../documents/render-html';
import { loadAllSamples } from '../../../documents/samples';
import { readPdfText } from '../../helpers/pdf-text';

const A4 = { width: 595.28, height: 841.89 };

const FORMS = [
  {
    name: 'apology-new-appointment',
    title: /VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN/,
    wording: 'đồng ý gia hạn thời gian giải quyết hồ sơ',
  },
  {
    name: 'apology-new-appointment-2018',
    title: /PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ/,
    wording: 'sẽ trả kết quả giải quyết hồ sơ',
  },
  { name: 'processing-stopped', title: /^\s*THÔNG BÁO\s*$/, wording: 'thông báo dừng giải quyết hồ sơ' },
];

describe('one-stop forms 04 and 05 as PDF', () => {
  const renderer = new ChromiumPdfRenderer();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgxh-forms-'));
  afterAll(async () => {
    await renderer.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it.each(FORMS)('$name: one A4 page, parts in order, its own wording', async ({ name, title, wording }) => {
    const sample = loadAllSamples().find((candidate) => candidate.name === name)!;
    const { html } = renderDocumentHtml(sample.kind, sample.data, { header: sample.header });
    const file = path.join(workDir, `${name}.pdf`);
    fs.writeFileSync(file, await renderer.render(html));
    const pdf = readPdfText(file);
    expect(pdf.pages).toBe(1);
    expect(pdf.pageSize.width).toBeCloseTo(A4.width, 0);
    expect(pdf.pageSize.height).toBeCloseTo(A4.height, 0);
    expect(pdf.fonts.some((font) => /LiberationSerif|TimesNewRoman/i.test(font))).toBe(true);

    const issuer = pdf.locate('ỦY BAN NHÂN DÂN');
    const nationalTitle = pdf.locate('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    const placeDate = pdf.locate(/Phước An, ngày \d{2} tháng \d{1,2} năm \d{4}/);
    const heading = pdf.locate(title);
    const addressee = pdf.locate('Kính gửi:');
    const body = pdf.locate(wording.slice(0, 20));
    const signer = pdf.locate('Huỳnh Minh Đức');
    expect(issuer.line).toBe(nationalTitle.line);
    expect(issuer.column).toBeLessThan(nationalTitle.column);
    const order = [nationalTitle.line, placeDate.line, heading.line, addressee.line, body.line, signer.line];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(pdf.text.replace(/\s+/g, ' ')).toContain(wording);
    expect(pdf.text).toContain('Mã hồ sơ: 26734-');
  });
});
