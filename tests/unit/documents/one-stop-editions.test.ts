/**
 * Form 04 changed with Circular 03/2025/TT-VPCP (one-stop rules from 01/07/2025): a dossier received before
 * keeps the old apology with a new date, one received from that day gets the apology and request to extend
 * the time. The choice is the edition table's (domain/one-stop-forms.ts), by receipt date.
 */
import { isDocumentKind } from '../../../documents/document-kinds';
import { renderDocumentHtml } from '../../../documents/render-html';
import { loadSample } from '../../../documents/samples';
import { ONE_STOP_FORM_EDITIONS, oneStopForm, oneStopFormLabel } from '../../../domain/one-stop-forms';

const visibleText = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

test.each([
  ['2025-06-30', 'apology-new-appointment-2018', 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ'],
  ['2025-07-01', 'apology-new-appointment', 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT'],
  ['2054-03-02', 'apology-new-appointment', 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT'],
])('form 04 for a dossier received on %s is %s', (receivedOn, template, heading) => {
  const form = oneStopForm('apology', receivedOn);
  expect(form.template).toBe(template);
  const sample = loadSample('apology-new-appointment');
  const { html } = renderDocumentHtml(form.template as 'apology-new-appointment', sample.data, {
    header: sample.header,
  });
  const text = visibleText(html);
  expect(text).toContain(heading);
  if (template === 'apology-new-appointment') {
    expect(text).toContain(
      'đề nghị Bà đồng ý gia hạn thời gian giải quyết hồ sơ đến ngày 23 tháng 01 năm 2026',
    );
    expect(text).not.toContain('hẹn lại');
  } else {
    expect(text).toContain('sẽ trả kết quả giải quyết hồ sơ cho Bà vào ngày 23 tháng 01 năm 2026');
    expect(text).not.toContain('gia hạn');
  }
});

test('form 05 exists only from Circular 03/2025; a dossier received earlier gets it too (issued today)', () => {
  expect(oneStopForm('processing_stopped', '2025-07-01').template).toBe('processing-stopped');
  expect(oneStopForm('processing_stopped', '2024-12-31').template).toBe('processing-stopped');
  expect(oneStopFormLabel('processing_stopped', '2024-12-31')).toBe(
    'Thông báo dừng giải quyết hồ sơ (mẫu 05)',
  );
});

test('the lists name form 04 as its edition does', () => {
  expect(oneStopFormLabel('apology', '2025-06-30')).toBe(
    'Phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)',
  );
  expect(oneStopFormLabel('apology', '2025-07-01')).toBe(
    'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (mẫu 04)',
  );
});

test('every template an edition names is a document kind, and editions are in date order', () => {
  for (const edition of ONE_STOP_FORM_EDITIONS) {
    for (const form of Object.values(edition.forms)) expect(isDocumentKind(form.template)).toBe(true);
  }
  const dates = ONE_STOP_FORM_EDITIONS.map((edition) => edition.effectiveFrom);
  expect([...dates].sort()).toEqual(dates);
});

test('form 05 refuses a stop dated before the request to withdraw', () => {
  const sample = loadSample('processing-stopped');
  const data = { ...(sample.data as Record<string, unknown>), stoppedOn: '2026-01-11' };
  expect(() => renderDocumentHtml('processing-stopped', data, { header: sample.header })).toThrow(
    /ngày dừng giải quyết/,
  );
});
