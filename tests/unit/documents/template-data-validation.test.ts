import { DocumentDataError } from '../../../documents/errors';
import { renderDocumentHtml } from '../../../documents/render-html';
import { loadSample } from '../../../documents/samples';

type Json = Record<string, unknown>;

function grantSample(): { header: Json; data: Json } {
  const sample = loadSample('grant-monthly-allowance');
  return structuredClone({ header: sample.header as unknown as Json, data: sample.data as Json });
}

function renderError(data: unknown, header: unknown = grantSample().header): DocumentDataError {
  try {
    renderDocumentHtml('grant-monthly-allowance', data, { header: header as never });
  } catch (error) {
    if (error instanceof DocumentDataError) return error;
    throw error;
  }
  throw new Error('expected a DocumentDataError');
}

describe('template data is validated before rendering', () => {
  it('names a missing nested field instead of printing an empty line', () => {
    const { data } = grantSample();
    delete (data.beneficiary as Json).fullName;
    const error = renderError(data);
    expect(error.code).toBe('DOCUMENT_DATA_INVALID');
    expect(error.fields).toEqual(['beneficiary.fullName']);
    expect(error.message).toContain('beneficiary.fullName: thiếu trường bắt buộc');
  });

  it('names every problem at once, including fields the template does not know', () => {
    const { data } = grantSample();
    delete data.paymentFrom;
    (data.beneficiary as Json).idNumber = '075158001234';
    const error = renderError(data);
    expect(error.fields.sort()).toEqual(['beneficiary.idNumber', 'paymentFrom']);
  });

  it('refuses a monthly amount that is not base level × coefficient', () => {
    const { data } = grantSample();
    data.monthlyAmount = 700000;
    expect(renderError(data).fields).toEqual(['monthlyAmount']);
  });

  it('refuses an empty name, an impossible date and a bad number label', () => {
    const { data, header } = grantSample();
    (data.beneficiary as Json).fullName = '   ';
    (data.beneficiary as Json).birthDate = '1958-02-30';
    expect(renderError(data).fields.sort()).toEqual(['beneficiary.birthDate', 'beneficiary.fullName']);
    header.numberLabel = 'Số 5/QĐ-UBND';
    expect(renderError(grantSample().data, header).fields).toEqual(['numberLabel']);
  });

  it('refuses an unknown signing prefix', () => {
    const { data } = grantSample();
    (data.signature as Json).authority = [{ prefix: 'Thay mặt', title: 'Ủy ban nhân dân' }];
    expect(renderError(data).fields).toEqual(['signature.authority.0.prefix']);
  });
});

describe('Decree 30 punctuation is supplied by the templates', () => {
  it('ends every preamble line with ";" and the last with "."', () => {
    const { data, header } = grantSample();
    // A clerk's trailing ';' is dropped, not doubled.
    (data.legalBases as string[])[0] += ';';
    const { html } = renderDocumentHtml('grant-monthly-allowance', data, { header: header as never });
    const preamble = [...html.matchAll(/<p class="preamble">(.*?)<\/p>/g)].map((m) => m[1] ?? '');
    expect(preamble).toHaveLength((data.legalBases as string[]).length + 1);
    expect(preamble.slice(0, -1).every((line) => line.endsWith(';') && !line.endsWith(';;'))).toBe(true);
    expect(preamble.at(-1)).toBe('Theo đề nghị của Trưởng phòng Văn hóa - Xã hội xã.');
  });

  it('lists recipients as "- …;" and ends with "- Lưu: VT, ….", with amounts in figures and words', () => {
    const { data, header } = grantSample();
    const { html } = renderDocumentHtml('grant-monthly-allowance', data, { header: header as never });
    expect(html).toContain('<p class="recipients-title">Nơi nhận:</p>');
    expect(html).toContain('<p>- Như Điều 3;</p>');
    expect(html).toContain('<p>- Lưu: VT, VHXH.</p>');
    expect(html).toContain('750.000 đồng (bằng chữ: Bảy trăm năm mươi nghìn đồng)');
    expect(html).toContain('Phước An, ngày 05 tháng 01 năm 2026');
    expect(html).toContain('<div class="number">Số: 05/QĐ-UBND</div>');
    expect(html).toContain('<p class="sign-authority">KT. CHỦ TỊCH</p>');
    expect(html).toContain('<p class="sign-position">PHÓ CHỦ TỊCH</p>');
    expect(html).toContain('ỦY BAN NHÂN DÂN<br>XÃ PHƯỚC AN');
  });

  it('escapes HTML in data', () => {
    const { data, header } = grantSample();
    (data.beneficiary as Json).residence = 'ấp 3 <script>alert(1)</script>';
    const { html } = renderDocumentHtml('grant-monthly-allowance', data, { header: header as never });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('the stop/adjust decision picks its wording from the action', () => {
  it('says "thôi hưởng" for a stop and "điều chỉnh" with both amounts for an adjustment', () => {
    const stop = loadSample('allowance-change');
    const stopHtml = renderDocumentHtml(stop.kind, stop.data, { header: stop.header }).html;
    expect(stopHtml).toContain('Về việc thôi hưởng trợ cấp xã hội hằng tháng');
    const adjust = structuredClone(stop.data) as Json;
    adjust.change = {
      action: 'adjust',
      reason: 'đủ 80 tuổi',
      previousAmount: 750000,
      newAmount: 1000000,
      effectiveFrom: '2026-08',
    };
    const adjustHtml = renderDocumentHtml(stop.kind, adjust, { header: stop.header }).html;
    expect(adjustHtml).toContain('Về việc điều chỉnh mức trợ cấp xã hội hằng tháng');
    expect(adjustHtml).toContain('1.000.000 đồng (bằng chữ: Một triệu đồng)');
  });
});

describe('form 03, refusal to accept a dossier (intake-refusal)', () => {
  function refusalSample(): { header: Json; data: Json } {
    const sample = loadSample('intake-refusal');
    return structuredClone({ header: sample.header as unknown as Json, data: sample.data as Json });
  }

  function refusalError(data: unknown, header: unknown = refusalSample().header): DocumentDataError {
    try {
      renderDocumentHtml('intake-refusal', data, { header: header as never });
    } catch (error) {
      if (error instanceof DocumentDataError) return error;
      throw error;
    }
    throw new Error('expected a DocumentDataError');
  }

  it('names a missing field, an empty reason list and a missing officer', () => {
    const { data } = refusalSample();
    delete data.guidance;
    expect(refusalError(data).fields).toEqual(['guidance']);
    const noReasons = refusalSample().data;
    noReasons.reasons = [];
    delete (noReasons.receiver as Json).fullName;
    const error = refusalError(noReasons);
    expect(error.code).toBe('DOCUMENT_DATA_INVALID');
    expect(error.fields.sort()).toEqual(['reasons', 'receiver.fullName']);
    expect(error.message).toContain('receiver.fullName: thiếu trường bắt buộc');
  });

  it('refuses fields the form does not know, at the top level and in the applicant', () => {
    const { data } = refusalSample();
    data.numberLabel = 'Số: 01/TTPVHCC';
    (data.applicant as Json).email = 'hung@example.vn';
    expect(refusalError(data).fields.sort()).toEqual(['applicant.email', 'numberLabel']);
  });

  it('reads as form 03 and carries the dossier code instead of a number', () => {
    const { data, header } = refusalSample();
    const { html } = renderDocumentHtml('intake-refusal', data, { header: header as never });
    expect(html).toContain('<div class="doc-type">PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ</div>');
    expect(html).toContain('<div class="doc-summary">Mã hồ sơ: 26734-260107-0014</div>');
    expect(html).not.toContain('Số: ');
    expect(html).toContain(
      'Bộ phận tiếp nhận và trả kết quả Ủy ban nhân dân xã Phước An tiếp nhận hồ sơ của: Ông Phạm Văn Hùng',
    );
    expect(html).toContain('Nội dung yêu cầu giải quyết: Trợ cấp xã hội hằng tháng đối với người cao tuổi.');
    expect(html).toContain('<p>Lý do từ chối: Ông đăng ký thường trú');
    expect(html).toContain('<p class="signer-name">Nguyễn Thị Thu Hà</p>');
  });

  it('lists several reasons "1. …;" ending with ".", and names the desk from the header when no agency is given', () => {
    const { data, header } = refusalSample();
    data.reasons = ['hồ sơ không thuộc thẩm quyền của xã;', 'yêu cầu không phải thủ tục hành chính.'];
    delete data.agencyName;
    delete (data.applicant as Json).phone;
    const { html } = renderDocumentHtml('intake-refusal', data, { header: header as never });
    expect(html).toContain('<p>Lý do từ chối:</p>');
    expect(html).toContain('<p class="listing">1. hồ sơ không thuộc thẩm quyền của xã;</p>');
    expect(html).toContain('<p class="listing">2. yêu cầu không phải thủ tục hành chính.</p>');
    expect(html).toContain(
      'Bộ phận tiếp nhận và trả kết quả Trung tâm Phục vụ hành chính công - Ủy ban nhân dân xã Phước An tiếp nhận',
    );
    expect(html).toContain('Số điện thoại: không có');
  });
});

describe('emergency food decision (Decree 20 Art. 12)', () => {
  function foodSample(): { header: Json; data: Json } {
    const sample = loadSample('emergency-food');
    return structuredClone({ header: sample.header as unknown as Json, data: sample.data as Json });
  }

  function foodError(data: unknown): DocumentDataError {
    try {
      renderDocumentHtml('emergency-food', data, { header: foodSample().header as never });
    } catch (error) {
      if (error instanceof DocumentDataError) return error;
      throw error;
    }
    throw new Error('expected a DocumentDataError');
  }

  it('names a missing field', () => {
    const { data } = foodSample();
    delete (data.householdHead as Json).fullName;
    delete data.fromMonth;
    const error = foodError(data);
    expect(error.code).toBe('DOCUMENT_DATA_INVALID');
    expect(error.fields.sort()).toEqual(['fromMonth', 'householdHead.fullName']);
    expect(error.message).toContain('householdHead.fullName: thiếu trường bắt buộc');
  });

  it('refuses a total that is not household size × kg per person per month × months', () => {
    const { data } = foodSample();
    data.totalRiceKg = 120;
    const error = foodError(data);
    expect(error.fields).toEqual(['totalRiceKg']);
    expect(error.message).toContain(
      'tổng số gạo phải bằng số nhân khẩu × số ki-lô-gam mỗi người mỗi tháng × số tháng',
    );
  });

  it('refuses more than 3 months, an empty household and fractional people', () => {
    const { data } = foodSample();
    data.months = 4;
    data.totalRiceKg = 240;
    expect(foodError(data).fields).toEqual(['months']);
    const empty = foodSample().data;
    empty.householdSize = 0;
    expect(foodError(empty).fields).toEqual(['householdSize']);
    const fractional = foodSample().data;
    fractional.householdSize = 2.5;
    expect(foodError(fractional).fields).toEqual(['householdSize']);
  });

  it('still checks the total when another field is missing', () => {
    const { data } = foodSample();
    delete (data.householdHead as Json).residence;
    data.totalRiceKg = 200;
    expect(foodError(data).fields.sort()).toEqual(['householdHead.residence', 'totalRiceKg']);
  });

  it('defaults to 15 kg per person per month and writes the total in figures and words', () => {
    const { data, header } = foodSample();
    delete data.riceKgPerPersonPerMonth;
    data.householdSize = 5;
    data.months = 1;
    data.totalRiceKg = 75;
    data.reason = 'thiếu đói dịp Tết Nguyên đán;';
    const rendered = renderDocumentHtml('emergency-food', data, { header: header as never });
    expect((rendered.data as Json).riceKgPerPersonPerMonth).toBe(15);
    expect(rendered.html).toContain('lý do: thiếu đói dịp Tết Nguyên đán.</p>');
    expect(rendered.html).toContain('Mức hỗ trợ: 15 kg gạo/người/tháng, trong 1 tháng');
    expect(rendered.html).toContain('75 kg (bằng chữ: Bảy mươi lăm ki-lô-gam)');
  });

  it('is a numbered decision signed by the commune chairman', () => {
    const { data, header } = foodSample();
    const { html } = renderDocumentHtml('emergency-food', data, { header: header as never });
    expect(html).toContain('<div class="number">Số: 12/QĐ-UBND</div>');
    expect(html).toContain('Về việc hỗ trợ lương thực');
    expect(html).toContain('180 kg (bằng chữ: Một trăm tám mươi ki-lô-gam)');
    expect(html).toContain('kể từ tháng 9 năm 2026');
    expect(html).toContain('<p class="sign-position">CHỦ TỊCH</p>');
  });
});
