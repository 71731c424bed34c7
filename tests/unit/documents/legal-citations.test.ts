import { DEFAULT_BASE_LEVELS, baseLevelEntryOn } from '../../../domain/base-level';
import {
  INSTRUMENT_IDS,
  LEGAL_INSTRUMENTS,
  citeBases,
  decisionBases,
  fullCitation,
  recognise,
  type LegalInstrument,
} from '../../../domain/legal-instruments';
import { oneStopBases } from '../../../domain/one-stop-forms';
import { DEFAULT_PROCEDURES } from '../../../domain/procedures';
import { renderDocumentHtml } from '../../../documents/render-html';
import { loadAllSamples } from '../../../documents/samples';

/**
 * Decree 30/2020 asks every first citation of an instrument for its number, date, issuer and summary (a law:
 * its name and date). The catalogue (domain/legal-instruments) is the one place those facts live.
 */
const DATE_WORDS = /ngày \d{2} tháng \d{1,2} năm \d{4}/u;
const catalogued = Object.values(LEGAL_INSTRUMENTS) as LegalInstrument[];

/** The text of a rendered document, tags and line breaks gone. */
const textOf = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/gu, '')
    .replace(/<[^>]+>/gu, ' ')
    .replace(/&#x27;/gu, "'")
    .replace(/\s+/gu, ' ');

/**
 * Every first mention of a 'Nghị định số …' / 'Thông tư số …' / a catalogued law in `text` carries a date in
 * words and, for a catalogued instrument, exactly the catalogue's issuer and summary. Returns the failures.
 */
function incompleteFirstCitations(text: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(/(Nghị định|Thông tư) số (\d+\/\d{4}\/[A-ZĐ-]+)/gu)) {
    const name = match[0];
    if (seen.has(name)) continue;
    seen.add(name);
    const following = text.slice(match.index + name.length, match.index + name.length + 400);
    const item = catalogued.find((candidate) => `${candidate.type} số ${candidate.number}` === name);
    const expected = item ? ` ngày ${fullCitation(item).split(' ngày ')[1]}` : undefined;
    if (expected ? !following.startsWith(expected) : !DATE_WORDS.test(following.slice(0, 30)))
      problems.push(`${name}${following.slice(0, 60)}`);
  }
  for (const law of catalogued.filter((item) => item.type === 'Luật')) {
    const at = text.indexOf(`Luật ${law.summary}`);
    if (at >= 0 && !DATE_WORDS.test(text.slice(at, at + law.summary.length + 40)))
      problems.push(text.slice(at, at + 80));
  }
  return problems;
}

describe('the catalogue of legal instruments', () => {
  it.each(INSTRUMENT_IDS)(
    '%s has a number, a signing date, an issuer, a summary and a stated source',
    (id) => {
      const item: LegalInstrument = LEGAL_INSTRUMENTS[id];
      expect(item.number).toMatch(/^\d+\/\d{4}\/[A-ZĐ0-9-]+$/u);
      expect(item.signedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
      expect(item.number.split('/')[1]).toBe(item.signedOn.slice(0, 4));
      expect(item.issuer.length).toBeGreaterThan(0);
      expect(item.summary.length).toBeGreaterThan(0);
      expect(['verified', 'secondary', 'unverified']).toContain(item.confidence);
      expect(item.source.length).toBeGreaterThan(10);
    },
  );

  it('cites a decree with its number, date in words, issuer and summary', () => {
    expect(fullCitation(LEGAL_INSTRUMENTS['decree-118-2025'])).toBe(
      'Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia',
    );
    // Decree 30: a leading zero below 10 for the day and below 3 for the month.
    expect(fullCitation(LEGAL_INSTRUMENTS['decree-76-2024'])).toMatch(
      /^Nghị định số 76\/2024\/NĐ-CP ngày 01 tháng 7 năm 2024 của Chính phủ sửa đổi/u,
    );
    // A law is cited by its name (and the date it was passed).
    expect(fullCitation(LEGAL_INSTRUMENTS['law-local-government-2025'])).toBe(
      'Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025',
    );
  });

  it('cites in full the first time and by the short form after, once per whole instrument', () => {
    expect(
      citeBases([
        'Nghị định số 20/2021/NĐ-CP',
        'Điều 11 Nghị định số 20/2021/NĐ-CP',
        'Nghị định số 20/2021/NĐ-CP',
      ]),
    ).toEqual([
      `Căn cứ ${fullCitation(LEGAL_INSTRUMENTS['decree-20-2021'])}`,
      'Căn cứ Điều 11 Nghị định số 20/2021/NĐ-CP',
    ]);
  });

  it("completes what older data says: a running dossier's snapshot and an admin's base-level basis", () => {
    // The two-tier seeds before the catalogue said only this; dossiers received then still carry it.
    expect(citeBases(['Nghị định số 147/2025/NĐ-CP của Chính phủ'])).toEqual([
      `Căn cứ ${fullCitation(LEGAL_INSTRUMENTS['decree-147-2025'])}`,
    ]);
    expect(recognise('Nghị định số 76/2024/NĐ-CP ngày 01/7/2024')).toEqual({ instrument: 'decree-76-2024' });
    expect(
      recognise(
        'Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội, Điều 11',
      ),
    ).toEqual({ instrument: 'decree-20-2021', provision: 'Điều 11' });
    // The 2015 and 2025 laws share a name: the year tells them apart.
    expect(recognise('Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015')).toEqual({
      instrument: 'law-local-government-2015',
    });
    // Anything the catalogue does not know prints as written.
    expect(citeBases(['Nghị định số 335/2026/NĐ-CP (dữ liệu thử nghiệm)'])).toEqual([
      'Căn cứ Nghị định số 335/2026/NĐ-CP (dữ liệu thử nghiệm)',
    ]);
  });
});

describe('one-stop rules are versioned by the day the dossier was received', () => {
  const numbers = (receivedOn: string, issuedOn: string) =>
    oneStopBases(receivedOn, issuedOn).map((ref) => LEGAL_INSTRUMENTS[ref.instrument].number);

  it('cites Decree 61/2018 and Circular 01/2018 for a dossier received before 01/07/2025', () => {
    expect(numbers('2025-06-30', '2025-07-02')).toEqual(['61/2018/NĐ-CP', '01/2018/TT-VPCP']);
  });

  it('cites Decree 118/2025 and Circular 03/2025 from 01/07/2025, each once it is in force', () => {
    expect(numbers('2025-07-01', '2025-09-15')).toEqual(['118/2025/NĐ-CP', '03/2025/TT-VPCP']);
    // Circular 03/2025 was signed on 15/09/2025: a slip issued in August cannot cite it.
    expect(numbers('2025-07-01', '2025-08-01')).toEqual(['118/2025/NĐ-CP']);
  });
});

describe('every first citation carries number, date, issuer and summary', () => {
  it.each(loadAllSamples().map((s) => [s.name, s] as const))('in the sample %s', (_, sample) => {
    const { html } = renderDocumentHtml(sample.kind, sample.data, { header: sample.header });
    expect(incompleteFirstCitations(textOf(html))).toEqual([]);
  });

  it.each(DEFAULT_PROCEDURES.map((p) => [`${p.id} v${p.version}`, p] as const))(
    'in the decision bases of %s, signed on its first day and on each base level',
    (_, procedure) => {
      const days = [
        procedure.effectiveFrom,
        ...DEFAULT_BASE_LEVELS.map((level) => level.effectiveFrom),
      ].filter(
        (day) => day >= procedure.effectiveFrom && (!procedure.effectiveTo || day <= procedure.effectiveTo),
      );
      for (const day of days) {
        const bases = decisionBases(procedure.legalBasis, day, baseLevelEntryOn(day).legalBasis);
        expect(bases.every((line) => line.startsWith('Căn cứ '))).toBe(true);
        expect(incompleteFirstCitations(bases.join('; '))).toEqual([]);
        // Each catalogued instrument named in the procedure is cited in full.
        for (const basis of procedure.legalBasis) {
          const reference = recognise(basis);
          expect(reference).toBeDefined();
          expect(bases.join('; ')).toContain(fullCitation(LEGAL_INSTRUMENTS[reference!.instrument]));
        }
      }
    },
  );

  it('a detector that cannot fail proves nothing: it flags a bare decree number', () => {
    expect(incompleteFirstCitations('Căn cứ Nghị định số 147/2025/NĐ-CP của Chính phủ;')).toHaveLength(1);
    expect(incompleteFirstCitations('Căn cứ Nghị định số 999/2055/NĐ-CP của Chính phủ;')).toHaveLength(1);
    expect(incompleteFirstCitations('Căn cứ Luật Tổ chức chính quyền địa phương;').length).toBeGreaterThan(0);
  });
});
