import { DocumentDataError } from '../../../documents/errors';
import { buildPublicPostingData, type BeneficiaryForPosting } from '../../../documents/public-posting';
import { renderDocumentHtml } from '../../../documents/render-html';
import { loadSample } from '../../../documents/samples';
import type { PublicPostingFrame } from '../../../documents/public-posting';

/** A beneficiary record as the dossier holds it: with the sensitive fields the posting must never show. */
interface FullBeneficiaryRecord extends BeneficiaryForPosting {
  idNumber: string;
  hivStatus: 'positive' | 'negative';
  phone: string;
  address: string;
}

const records: FullBeneficiaryRecord[] = [
  {
    fullName: 'Hồ Thị Ngọc',
    birthDate: '1988-04-17',
    hamlet: 'ấp 2',
    clause: '5.8',
    monthlyAmount: 750000,
    idNumber: '075188004321',
    hivStatus: 'positive',
    phone: '0908 111 222',
    address: '12 đường Lý Thái Tổ, ấp 2',
  },
  {
    fullName: 'Lê Thị Hoa',
    birthDate: '1958-08-21',
    hamlet: 'ấp 3',
    clause: '5.5a',
    monthlyAmount: 750000,
    idNumber: '075158001234',
    hivStatus: 'negative',
    phone: '0913 456 789',
    address: '45 tổ 7, ấp 3',
  },
];

function frame(): PublicPostingFrame {
  const { rows: _rows, ...rest } = loadSample('public-posting-list').data as {
    rows: unknown;
  } & PublicPostingFrame;
  return rest;
}

describe('public posting list leaves sensitive fields out by construction', () => {
  const sample = loadSample('public-posting-list');

  it('renders records that carry HIV status and ID numbers without either', () => {
    const data = buildPublicPostingData(frame(), records);
    for (const row of data.rows)
      expect(Object.keys(row).sort()).toEqual([
        'birthYear',
        'category',
        'fullName',
        'monthlyAmount',
        'residence',
      ]);
    const { html } = renderDocumentHtml('public-posting-list', data, { header: sample.header });
    expect(html).toContain('Hồ Thị Ngọc');
    expect(html).toContain('<td class="num">1988</td>');
    for (const record of records) {
      expect(html).not.toContain(record.idNumber);
      expect(html).not.toContain(record.phone);
      expect(html).not.toContain(record.address);
      expect(html).not.toContain(record.birthDate);
    }
    expect(html).not.toMatch(/HIV|AIDS|positive|dương tính/i);
    expect(html).toContain('Người thuộc hộ nghèo không có nguồn thu nhập ổn định hằng tháng');
  });

  it('refuses a row that carries a sensitive field, naming it', () => {
    const data = buildPublicPostingData(frame(), records);
    const leaky = {
      ...data,
      rows: data.rows.map((row, i) =>
        i === 0 ? { ...row, hivStatus: 'positive', idNumber: '075188004321' } : row,
      ),
    };
    expect(() => renderDocumentHtml('public-posting-list', leaky, { header: sample.header })).toThrow(
      DocumentDataError,
    );
    try {
      renderDocumentHtml('public-posting-list', leaky, { header: sample.header });
    } catch (error) {
      expect((error as DocumentDataError).fields.sort()).toEqual(['rows.0.hivStatus', 'rows.0.idNumber']);
    }
  });
});
