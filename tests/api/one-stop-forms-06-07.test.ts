/**
 * Forms 06 and 07 of Circular 03/2025/TT-VPCP printed on demand from the read model, on the real workflow:
 * the process-control slip of a dossier (its hand-overs, who, when, Trước hạn / Đúng hạn / Quá hạn) and the
 * dossier register of a unit for a period (print view, PDF and a streamed XLSX read back with exceljs).
 * Scope (403), bad periods (400 with a stable code), and a protected (HIV) dossier whose typed note is
 * withheld from readers who may not know the category — and never an ID number in any of them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Workbook } from 'exceljs';
import { WITHHELD_TEXT } from '../../app/dossiers/protected-category';
import { DOSSIER_REGISTER_HEADERS, DOSSIER_REGISTER_HEADER_ROW } from '../../documents';
import { readPdfText } from '../helpers/pdf-text';
import type { ErrorBody } from './harness';
import {
  openTaskId,
  receiveAtDesk,
  sampleApplication,
  SENSITIVE,
  startDossierApi,
  type DossierApi,
} from './dossier-harness';

let api: DossierApi;
/** Received Tuesday 2054-12-01, verified (with a note) the same day. */
let verified: string;
/** Received the same day under clause 5.8 (HIV), verified with a note that names the category. */
let protectedCode: string;
/** Received Wednesday 2054-12-02 and not yet handled. */
let waiting: string;
const PROTECTED_NOTE = 'Đã xác minh giấy xác nhận nhiễm HIV';

/**
 * Reads a PDF's text (pdf.js in a child process, synchronously) and then lets the event loop turn: the API
 * runs in this process, and a keep-alive socket whose timeout passed while the loop was blocked must be closed
 * before the next request, or that request may go out on it and be reset.
 */
async function pdfText(body: Buffer) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'form-')), 'form.pdf');
  fs.writeFileSync(file, body);
  if (process.env.KEEP_FORM_PDFS)
    fs.copyFileSync(file, path.join(process.env.KEEP_FORM_PDFS, `${Date.now()}.pdf`));
  const text = readPdfText(file);
  await new Promise((resolve) => setTimeout(resolve, 100));
  return text;
}

async function fetchRaw(pathname: string, token: string) {
  const response = await fetch(`${api.baseUrl}${pathname}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

const slipPath = (code: string, format?: string) =>
  `/api/dossiers/${code}/process-control-slip${format ? `?format=${format}` : ''}`;
const registerPath = (query: string) => `/api/registers/dossiers?${query}`;

beforeAll(async () => {
  api = await startDossierApi();
  await api.skipTo('2054-12-01', 9); // Tuesday
  const base = sampleApplication();
  verified = await receiveAtDesk(api);
  protectedCode = await receiveAtDesk(api, {
    application: {
      ...base,
      applicant: { ...base.applicant, fullName: 'Lê Thị Mười' },
      beneficiary: { ...base.beneficiary, fullName: 'Lê Văn Tám', qualifications: [{ clause: '5.8' }] },
    },
  });
  const officer = await api.login('commune_officer.26170');
  for (const [code, note] of [
    [verified, 'Đã đối chiếu Cơ sở dữ liệu quốc gia về dân cư'],
    [protectedCode, PROTECTED_NOTE],
  ] as const) {
    const task = await openTaskId(api, code, 'verification');
    const done = await api.request('POST', `/api/tasks/${task}/complete`, {
      token: officer,
      json: { outcome: 'approve', note },
    });
    expect(done.status).toBe(200);
  }
  await api.skipTo('2054-12-02', 9);
  waiting = await receiveAtDesk(api, {
    application: { ...base, applicant: { ...base.applicant, fullName: 'Phạm Văn Út' } },
  });
}, 180_000);
afterAll(() => api?.stop());

describe('form 06, the process-control slip', () => {
  test('the print view lists each hand-over: sender with the officer’s name, receiver, time and status', async () => {
    const token = await api.login('commune_officer.26170');
    const response = await fetchRaw(slipPath(verified, 'html'), token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = response.body.toString('utf8');
    expect(html).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(html).toContain(`Mã hồ sơ: ${verified}`);
    expect(html).toContain('Kèm theo hồ sơ của: Nguyễn Thị Hoa');
    const { rows } = await api.db.pool.query<{ full_name: string }>(
      `SELECT full_name FROM users WHERE username = 'commune_officer.26170'`,
    );
    const row = /<tbody>\n<tr>(.*?)<\/tr>/su.exec(html)?.[1] ?? '';
    expect(row).toContain('Công chức Phòng Văn hóa - Xã hội cấp xã (Xã Trảng Bom)');
    expect(row).toContain(rows[0]!.full_name);
    expect(row).toContain('ngày 01 tháng 12 năm 2054');
    expect(row).toContain('Trước hạn');
    expect(row).toContain('Đã đối chiếu Cơ sở dữ liệu quốc gia về dân cư');
    expect(html).not.toContain(SENSITIVE.applicantIdNumber);
    // On demand, never stored: the dossier's documents are what the workflow issued.
    const stored = await api.db.pool.query(
      `SELECT 1 FROM documents WHERE dossier_code = $1 AND kind = 'process-control-slip'`,
      [verified],
    );
    expect(stored.rows).toEqual([]);
  });

  test('a dossier still at the desk prints a slip with no hand-over yet', async () => {
    const response = await fetchRaw(slipPath(waiting, 'html'), await api.login('intake_clerk.26170'));
    expect(response.status).toBe(200);
    expect(response.body.toString('utf8')).toContain('Hồ sơ chưa được giao cho bộ phận giải quyết.');
  });

  test('the PDF (the default) is an A4 page with the same rows', async () => {
    const response = await fetchRaw(slipPath(verified), await api.login('commune_chairman.26170'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${verified}-phieu-kiem-soat.pdf"`,
    );
    const pdf = await pdfText(response.body);
    expect(pdf.pageSize.width).toBeLessThan(pdf.pageSize.height);
    expect(pdf.text).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(pdf.text).toContain('Trước hạn');
  }, 60_000);

  test('of a protected dossier, readers who may not know the category get the typed note withheld', async () => {
    const chairman = await fetchRaw(
      slipPath(protectedCode, 'html'),
      await api.login('commune_chairman.26170'),
    );
    expect(chairman.status).toBe(200);
    const neutral = chairman.body.toString('utf8');
    expect(neutral).toContain(WITHHELD_TEXT);
    expect(neutral).not.toContain('HIV');
    const officer = await fetchRaw(slipPath(protectedCode, 'html'), await api.login('commune_officer.26170'));
    expect(officer.body.toString('utf8')).toContain(PROTECTED_NOTE);
  });

  test('outside the reader’s commune: 403; unknown dossier: 404; bad format: 400', async () => {
    const other = await api.login('commune_officer.26173');
    const refused = await api.request<ErrorBody>('GET', slipPath(verified, 'html'), { token: other });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    const token = await api.login('commune_officer.26170');
    const unknown = await api.request<ErrorBody>('GET', slipPath('26170-541201-0999', 'html'), { token });
    expect(unknown.status).toBe(404);
    const badFormat = await api.request<ErrorBody>('GET', slipPath(verified, 'docx'), { token });
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('form 07, the dossier register', () => {
  const december = 'unitCode=26170&from=2054-12-01&to=2054-12-31';

  test('XLSX: Vietnamese headers frozen, one row per dossier in order of receipt, real dates', async () => {
    const response = await fetchRaw(
      registerPath(`${december}&format=xlsx`),
      await api.login('commune_officer.26170'),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="so-theo-doi-ho-so-26170-2054-12-01-2054-12-31.xlsx"',
    );
    const workbook = new Workbook();
    await workbook.xlsx.load(response.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: DOSSIER_REGISTER_HEADER_ROW });
    expect(String(sheet.getRow(1).getCell(1).value)).toBe('SỔ THEO DÕI HỒ SƠ - Xã Trảng Bom');
    const headers = (sheet.getRow(DOSSIER_REGISTER_HEADER_ROW).values as unknown[]).slice(1);
    expect(headers).toEqual([...DOSSIER_REGISTER_HEADERS]);
    const data = [];
    for (let index = DOSSIER_REGISTER_HEADER_ROW + 1; index <= sheet.rowCount; index++)
      data.push((sheet.getRow(index).values as unknown[]).slice(1));
    expect(data.map((row) => row[1])).toEqual([verified, protectedCode, waiting].sort());
    const first = data.find((row) => row[1] === verified)!;
    expect(first[0]).toEqual(expect.any(Number));
    expect(first[2]).toBe('Thực hiện trợ cấp xã hội hằng tháng');
    expect(first[3]).toBe('Nguyễn Thị Hoa');
    expect(first[4]).toBe(sampleApplication().applicant.address);
    expect(first[5]).toEqual(new Date('2054-12-01T00:00:00Z'));
    expect(first[6]).toEqual(expect.any(Date)); // the appointment date
    expect(String(first[7])).toContain('Công chức Phòng Văn hóa - Xã hội cấp xã (Xã Trảng Bom)');
    expect(first[11]).toBe('Đang giải quyết');
    expect(sheet.getRow(DOSSIER_REGISTER_HEADER_ROW + 1).getCell(6).numFmt).toBe('dd/mm/yyyy');
    const everything = JSON.stringify(data);
    for (const secret of [SENSITIVE.applicantIdNumber, SENSITIVE.beneficiaryIdNumber, 'HIV', '5.8'])
      expect(everything).not.toContain(secret);
  });

  test('the print view and the PDF (landscape A4) hold the same dossiers', async () => {
    const token = await api.login('auditor.75');
    const html = await fetchRaw(registerPath(`${december}&format=html`), token);
    expect(html.status).toBe(200);
    const text = html.body.toString('utf8');
    expect(text).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(text).toContain('(Từ ngày 01/12/2054 đến ngày 31/12/2054)');
    for (const code of [verified, protectedCode, waiting]) expect(text).toContain(code);
    const pdf = await fetchRaw(registerPath(`${december}&format=pdf`), token);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const layout = await pdfText(pdf.body);
    expect(layout.pageSize.width).toBeGreaterThan(layout.pageSize.height);
    expect(layout.text).toContain(waiting);
  }, 60_000);

  test('a period ending before it starts, or longer than a year: 400 INVALID_PERIOD', async () => {
    const token = await api.login('commune_officer.26170');
    for (const query of [
      'unitCode=26170&from=2054-12-31&to=2054-12-01',
      'unitCode=26170&from=2054-01-01&to=2055-01-01',
    ]) {
      const response = await api.request<ErrorBody>('GET', registerPath(query), { token });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ code: 'INVALID_PERIOD', message: expect.stringMatching(/ngày|năm/) });
    }
    const yearLong = await fetchRaw(
      registerPath('unitCode=26170&from=2054-01-01&to=2054-12-31&format=xlsx'),
      token,
    );
    expect(yearLong.status).toBe(200);
    const badDate = await api.request<ErrorBody>(
      'GET',
      registerPath('unitCode=26170&from=01/12/2054&to=2054-12-31'),
      {
        token,
      },
    );
    expect(badDate.status).toBe(400);
    expect(badDate.body.code).toBe('VALIDATION_FAILED');
  });

  test('a unit outside the caller’s scope: 403; the district sees its communes’ dossiers', async () => {
    const other = await api.login('commune_officer.26173');
    const refused = await api.request<ErrorBody>('GET', registerPath(december), { token: other });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    const own = await fetchRaw(registerPath('unitCode=26173&from=2054-12-01&to=2054-12-31'), other);
    expect(own.status).toBe(200);
    expect(own.body.toString('utf8')).toContain(
      'Không có hồ sơ nào được tiếp nhận trong khoảng thời gian này.',
    );
    const district = await fetchRaw(
      registerPath('unitCode=737&from=2054-12-01&to=2054-12-31'),
      await api.login('district_officer.737'),
    );
    expect(district.status).toBe(200);
    expect(district.body.toString('utf8')).toContain(verified);
  });
});
