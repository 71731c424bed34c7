/** The pure parts of notifications: how an SMS is counted, redaction, backoff, STOP keywords, the templates. */
import { keywordOf } from '../../../app/notifications/sms-inbound';
import { backoffMs } from '../../../notifications/dispatcher';
import { renderMessage } from '../../../notifications/messages';
import { nextDigestAt } from '../../../notifications/outbox';
import { countSms } from '../../../notifications/sms-text';
import { redactAddresses } from '../../../notifications/redact';

describe('SMS counting as gateways count', () => {
  test('GSM-7 without diacritics: 160 in one part, 153 per part after', () => {
    expect(countSms('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSms('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(countSms('a'.repeat(306)).segments).toBe(2);
    expect(countSms('a'.repeat(307)).segments).toBe(3);
    // Extension characters cost two septets: 80 euro signs fill one part exactly.
    expect(countSms('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSms('€'.repeat(81)).segments).toBe(2);
    // An escape pair is never split: 152 letters then € cannot share the first part's last septet.
    expect(countSms(`${'a'.repeat(152)}€${'a'.repeat(10)}`).segments).toBe(2);
  });

  test('Vietnamese diacritics make it UCS-2: 70 in one part, 67 per part after', () => {
    expect(countSms('Hồ sơ đã được tiếp nhận')).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(countSms('ệ'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(countSms('ệ'.repeat(71))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
    expect(countSms('ệ'.repeat(134)).segments).toBe(2);
    expect(countSms('ệ'.repeat(135)).segments).toBe(3);
    // The same words without diacritics stay GSM-7 (à, é and ò are in the GSM alphabet; ả and đ are not).
    expect(countSms('Ho so da duoc tiep nhan').encoding).toBe('GSM-7');
    expect(countSms('à é ò').encoding).toBe('GSM-7');
    expect(countSms('ả').encoding).toBe('UCS-2');
  });
});

test('logs lose addresses: e-mails and Vietnamese numbers however written', () => {
  expect(redactAddresses('550 5.1.1 <Hoa.Nguyen@Example.Test>: Recipient address rejected')).toBe(
    '550 5.1.1 <[e-mail]>: Recipient address rejected',
  );
  expect(redactAddresses('to +84912345678, 0912 345 678 and 84912345678 (id 20541201000123)')).toBe(
    'to [số điện thoại], [số điện thoại] and [số điện thoại] (id 20541201000123)',
  );
});

test('backoff doubles from the base, is capped, and keeps half of it fixed', () => {
  const settings = { backoffBaseMs: 1000, backoffMaxMs: 10_000 };
  expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(attempt, settings, () => 1))).toEqual([
    1000, 2000, 4000, 8000, 10_000, 10_000,
  ]);
  expect(backoffMs(3, settings, () => 0)).toBe(2000);
  const jittered = backoffMs(3, settings);
  expect(jittered).toBeGreaterThanOrEqual(2000);
  expect(jittered).toBeLessThanOrEqual(4000);
});

test('STOP keywords are read as people type them', () => {
  expect(keywordOf('  stop ')).toBe('STOP');
  expect(keywordOf('Hủy')).toBe('HUY');
  expect(keywordOf('từ  chối!')).toBe('TU CHOI');
  expect(keywordOf('Bắt đầu')).toBe('BAT DAU');
});

test('the digest leaves at the next digest hour in Vietnam time', () => {
  // 06:00 in Hanoi is 23:00 UTC the day before: the same morning's 07:00.
  expect(nextDigestAt(new Date('2054-12-01T23:00:00Z'), 7).toISOString()).toBe('2054-12-02T00:00:00.000Z');
  // 07:00 sharp has passed: the next morning.
  expect(nextDigestAt(new Date('2054-12-02T00:00:00Z'), 7).toISOString()).toBe('2054-12-03T00:00:00.000Z');
});

describe('templates', () => {
  const code = '26170-541201-0001';
  const trackingUrl = `https://dichvucong.example.test/tra-cuu?ma=${code}`;

  test('the receipt SMS: code, appointment, link, in two UCS-2 parts', () => {
    const sms = renderMessage('receipt', 'sms', { code, appointmentDate: '2054-12-15', trackingUrl });
    expect(sms.body).toBe(`Hồ sơ ${code} đã tiếp nhận, hẹn trả ngày 15/12/2054. Tra cứu: ${trackingUrl}`);
    // 132 UTF-16 units with a 31-character site address: two parts of 67 (three would cost half as much again).
    expect(sms.body.length).toBe(132);
    expect(sms.sms).toEqual({ encoding: 'UCS-2', segments: 2 });
    expect(sms.body).toBe(sms.body.normalize('NFC'));
  });

  test('the request for documents lists each document; the e-mail has a subject', () => {
    const data = { code, trackingUrl, missingDocuments: ['Giấy xác nhận hộ nghèo', 'Sổ hộ khẩu'] };
    expect(renderMessage('supplement-request', 'sms', data).body).toContain(
      'cần bổ sung: Giấy xác nhận hộ nghèo; Sổ hộ khẩu.',
    );
    const email = renderMessage('supplement-request', 'email', data);
    expect(email.subject).toBe(`Yêu cầu bổ sung, hoàn thiện hồ sơ ${code}`);
    expect(email.body).toContain('- Giấy xác nhận hộ nghèo\n- Sổ hộ khẩu\n');
  });

  test('every citizen message exists for both channels, payment included', () => {
    const data = {
      code,
      trackingUrl,
      appointmentDate: '2054-12-15',
      procedureTitle: 'Trợ cấp xã hội hằng tháng',
      missingDocuments: ['Giấy'],
      endsOn: '2054-12-03',
      numberLabel: '12/QĐ-UBND',
      signedOn: '2054-12-04',
      reason: 'Không thuộc diện',
      oldDate: '2054-12-15',
      newDate: '2054-12-22',
      startMonth: '2055-01',
      withdrawnOn: '2054-12-05',
      formTitle: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết',
    };
    for (const kind of [
      'receipt',
      'supplement-request',
      'posting-opened',
      'decision-issued',
      'intake-refusal',
      'refusal',
      'apology',
      'supplement-received',
      'payment-started',
      'withdrawn',
    ] as const) {
      const sms = renderMessage(kind, 'sms', data);
      expect(sms.body).toContain(code);
      // Short: at most three parts of UCS-2.
      expect(sms.sms!.segments).toBeLessThanOrEqual(3);
      expect(renderMessage(kind, 'email', data).subject).toContain(code);
    }
    expect(renderMessage('apology', 'sms', data).body).toContain('Hẹn lại ngày 22/12/2054');
    expect(renderMessage('supplement-received', 'sms', data).body).toContain(
      'Hẹn trả kết quả ngày 22/12/2054',
    );
    expect(renderMessage('payment-started', 'sms', data).body).toContain('từ tháng 01/2055');
    expect(renderMessage('withdrawn', 'sms', data).body).toContain('dừng giải quyết');
    expect(renderMessage('withdrawn', 'email', data).body).toContain('từ ngày 05/12/2054');
  });
});

describe('wording', () => {
  const code = '26170-541201-0001';
  const trackingUrl = `https://dichvucong.example.test/tra-cuu?ma=${code}`;

  test('refused at intake (form 03) is "không được tiếp nhận", a refused decision "không được giải quyết"', () => {
    const data = { code, trackingUrl, reason: 'Hồ sơ không thuộc thẩm quyền' };
    expect(renderMessage('intake-refusal', 'sms', data).body).toBe(
      `Hồ sơ ${code} không được tiếp nhận. Lý do: Hồ sơ không thuộc thẩm quyền. Chi tiết: ${trackingUrl}`,
    );
    expect(renderMessage('intake-refusal', 'email', data).subject).toBe(`Hồ sơ ${code} không được tiếp nhận`);
    expect(renderMessage('refusal', 'sms', data).body).toContain('không được giải quyết. Lý do:');
    expect(renderMessage('refusal', 'sms', data).body).not.toContain('tiếp nhận');
  });

  test('a reason that ends with a full stop gets no second one', () => {
    for (const kind of ['refusal', 'intake-refusal'] as const) {
      for (const channel of ['sms', 'email'] as const) {
        const { body } = renderMessage(kind, channel, { code, trackingUrl, reason: 'Không thuộc diện.' });
        expect(body).toContain('Lý do: Không thuộc diện.');
        expect(body).not.toContain('..');
      }
    }
  });

  test('the apology is form 04 by its name (as its edition names it), without a form number mid-sentence', () => {
    const email = renderMessage('apology', 'email', {
      code,
      trackingUrl,
      oldDate: '2054-12-15',
      newDate: '2054-12-22',
      formTitle: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết',
    });
    expect(email.subject).toBe(`Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ ${code}`);
    expect(email.body).toContain(
      'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết được lưu cùng hồ sơ.',
    );
    const text = `${email.subject}\n${email.body}`;
    expect(text).not.toMatch(/Thư xin lỗi|mẫu số 04/i);
    expect(email.body).toContain('Ngày hẹn trả kết quả mới: 22/12/2054.');
  });

  test('officers are "anh/chị" throughout the digest; an escalation counts "lần báo quá hạn"', () => {
    const digest = renderMessage('digest', 'email', {
      count: 1,
      items: [{ subject: 'Việc mới', link: 'https://dichvucong.example.test/can-bo/ho-so/x' }],
    });
    expect(digest.body).toMatch(/^Kính gửi anh\/chị,/);
    expect(digest.body).toContain('Anh/chị nhận bản tổng hợp');
    expect(digest.body).not.toMatch(/\bBạn\b|\bbạn\b/);
    const overdue = renderMessage('task-overdue', 'email', {
      code,
      dueDate: '2054-12-03',
      escalation: 2,
      reassignedTo: null,
      dossierUrl: 'https://dichvucong.example.test/can-bo/ho-so/x',
    });
    expect(overdue.body).toContain('lần báo quá hạn thứ 2');
    expect(overdue.body).not.toContain('lần nhắc');
  });
});
