/**
 * The legal instruments the engine's documents cite, as data: one catalogue with each instrument's type,
 * number, signing date, issuer and summary (trích yếu), where these facts were checked and how sure we are.
 * Documents never spell an instrument out by hand: they name it ('Nghị định số 20/2021/NĐ-CP') and
 * `citeBases` writes the citation Decree 30/2020 asks for.
 *
 * Decree 30/2020/NĐ-CP, Appendix I (the "căn cứ ban hành" and citations in the text): the first citation of an instrument gives
 * its type, number and symbol, issuing body, date and summary; a law (Luật) is cited by its type and name
 * (the name is its summary), conventionally with the date it was passed. Later mentions in the same document
 * use the short form ('Nghị định số 20/2021/NĐ-CP').
 *
 * Confidence follows DOMAIN.md: 'verified' = read in the instrument's own text or in an official text that
 * cites it with number, date and summary; 'secondary' = news or official summaries; 'unverified' = from memory
 * or a single weak source. Anything not 'verified' is a candidate for correction by an admin; `source` says
 * where each fact was checked.
 */
import { parseIsoDate } from './iso-date';

export type InstrumentType = 'Luật' | 'Nghị định' | 'Thông tư';
export type Confidence = 'verified' | 'secondary' | 'unverified';

export interface LegalInstrument {
  readonly type: InstrumentType;
  /** '20/2021/NĐ-CP'; for a law its number too ('72/2025/QH15'), though a law is cited by name. */
  readonly number: string;
  /** Day it was signed (for a law: passed by the National Assembly), 'YYYY-MM-DD'. */
  readonly signedOn: string;
  /** First day in force, when it differs from the signing day. */
  readonly effectiveFrom?: string;
  /** 'Chính phủ', 'Văn phòng Chính phủ', 'Quốc hội'. */
  readonly issuer: string;
  /** Trích yếu as printed after the issuer ('quy định …', 'về …'); for a law, its name. */
  readonly summary: string;
  readonly confidence: Confidence;
  /** Where the number, date and summary were checked, and what is still unsure. */
  readonly source: string;
}

export const LEGAL_INSTRUMENTS = {
  'law-local-government-2015': {
    type: 'Luật',
    number: '77/2015/QH13',
    signedOn: '2015-06-19',
    issuer: 'Quốc hội',
    summary: 'Tổ chức chính quyền địa phương',
    confidence: 'secondary',
    source:
      'Number cited in the preamble of the 2024 resolution of the NA Standing Committee on Đồng Nai communes (daibieunhandan.vn); date 19/06/2015 from the project text, not re-read',
  },
  'law-local-government-2025': {
    type: 'Luật',
    number: '72/2025/QH15',
    signedOn: '2025-06-16',
    issuer: 'Quốc hội',
    summary: 'Tổ chức chính quyền địa phương',
    confidence: 'secondary',
    source:
      'Date 16/06/2025 from the project text and news; number 72/2025/QH15 not re-read in the law itself',
  },
  'decree-20-2021': {
    type: 'Nghị định',
    number: '20/2021/NĐ-CP',
    signedOn: '2021-03-15',
    effectiveFrom: '2021-07-01',
    issuer: 'Chính phủ',
    summary: 'quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội',
    confidence: 'verified',
    source:
      'DOMAIN.md [V]; date 15/3/2021 also quoted with Decree 147/2025 Art. 5(1) (congdoan.vn, 25/06/2025)',
  },
  'decree-76-2024': {
    type: 'Nghị định',
    number: '76/2024/NĐ-CP',
    signedOn: '2024-07-01',
    issuer: 'Chính phủ',
    summary:
      'sửa đổi, bổ sung một số điều của Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội',
    confidence: 'secondary',
    source: 'DOMAIN.md [S]; number, date and summary from secondary sources, not re-read in the decree',
  },
  'decree-147-2025': {
    type: 'Nghị định',
    number: '147/2025/NĐ-CP',
    signedOn: '2025-06-12',
    effectiveFrom: '2025-07-01',
    issuer: 'Chính phủ',
    summary: 'quy định về phân quyền, phân cấp trong lĩnh vực quản lý nhà nước của Bộ Y tế',
    confidence: 'unverified',
    source:
      'Content [S]: Art. 5(1) gives the commune chairman the decision on monthly allowances (congdoan.vn, 25/06/2025). Signing date and exact summary NOT verified (no source found): correct them when the text is at hand',
  },
  'decree-61-2018': {
    type: 'Nghị định',
    number: '61/2018/NĐ-CP',
    signedOn: '2018-04-23',
    effectiveFrom: '2018-06-21',
    issuer: 'Chính phủ',
    summary: 'về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính',
    confidence: 'verified',
    source:
      'Number, date and summary quoted from Art. 1 of the circular guiding it (an excerpt of its text, found in a public repository); in force 21/06/2018 from memory [U]',
  },
  'circular-01-2018': {
    type: 'Thông tư',
    number: '01/2018/TT-VPCP',
    signedOn: '2018-11-23',
    issuer: 'Văn phòng Chính phủ',
    summary:
      'hướng dẫn thi hành một số quy định của Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính',
    confidence: 'secondary',
    source:
      'Scope (guides Decree 61/2018: one-stop forms, dossier codes) read in its Art. 1; signing date 23/11/2018 not re-read',
  },
  'decree-118-2025': {
    type: 'Nghị định',
    number: '118/2025/NĐ-CP',
    signedOn: '2025-06-09',
    effectiveFrom: '2025-07-01',
    issuer: 'Chính phủ',
    summary:
      'về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia',
    confidence: 'verified',
    source:
      'Cited with number, date and summary in the preamble of Circular 03/2025/TT-VPCP (hethongphapluat.com); in force 01/07/2025 per DOMAIN.md [S]',
  },
  'circular-03-2025': {
    type: 'Thông tư',
    number: '03/2025/TT-VPCP',
    signedOn: '2025-09-15',
    effectiveFrom: '2025-09-15',
    issuer: 'Văn phòng Chính phủ',
    summary:
      'hướng dẫn thi hành một số nội dung của Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia',
    confidence: 'verified',
    source:
      'Number, date (Hà Nội, 15/9/2025) and title read in the circular (hethongphapluat.com); forms applied from 15/9/2025 per thuviennhadat.vn [S]',
  },
} as const satisfies Record<string, LegalInstrument>;

export type InstrumentId = keyof typeof LEGAL_INSTRUMENTS;
export const INSTRUMENT_IDS = Object.keys(LEGAL_INSTRUMENTS) as InstrumentId[];

export function instrument(id: InstrumentId): LegalInstrument {
  return LEGAL_INSTRUMENTS[id];
}

/** 'Nghị định số 20/2021/NĐ-CP'; a law by its name: 'Luật Tổ chức chính quyền địa phương'. */
export function shortCitation(item: LegalInstrument): string {
  return item.type === 'Luật' ? `Luật ${item.summary}` : `${item.type} số ${item.number}`;
}

/** '15 tháng 3 năm 2021' (Decree 30: a leading zero for days below 10 and months below 3). */
function longDate(iso: string): string {
  const { year, month, day } = parseIsoDate(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(day)} tháng ${month < 3 ? pad(month) : month} năm ${year}`;
}

/**
 * The first citation in a document: 'Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ quy
 * định …'; a law: 'Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025'.
 */
export function fullCitation(item: LegalInstrument): string {
  if (item.type === 'Luật') return `${shortCitation(item)} ngày ${longDate(item.signedOn)}`;
  return `${shortCitation(item)} ngày ${longDate(item.signedOn)} của ${item.issuer} ${item.summary}`;
}

/** A reference to an instrument, optionally to one provision of it ('Điều 11'). */
export interface BasisReference {
  instrument: InstrumentId;
  provision?: string;
}

/**
 * How a procedure or a base level names its basis in data: 'Nghị định số 20/2021/NĐ-CP' or
 * 'Điều 11 Nghị định số 20/2021/NĐ-CP'. Plain text, so admins keep typing bases the way they read them.
 */
export function basisText(reference: BasisReference): string {
  const short = shortCitation(instrument(reference.instrument));
  return reference.provision ? `${reference.provision} ${short}` : short;
}

/** Where a provision of an instrument is named: 'Điều 11', 'điểm a khoản 5 Điều 5', 'Phụ lục I'. */
const PROVISION = /^(?:điểm|khoản|điều|chương|mục|phụ lục)\s\S/iu;

/**
 * The catalogued instrument a line of text names, with the provision before it ('Điều 11 Nghị định số …')
 * or after it ('Nghị định số …, Điều 11'). Whatever date, issuer or summary the line gives is replaced by the
 * catalogue's, so an old snapshot's 'Nghị định số 147/2025/NĐ-CP của Chính phủ' or an admin's 'Nghị định số
 * 76/2024/NĐ-CP ngày 01/7/2024' prints in full. A line that says anything else ('(dữ liệu thử nghiệm)'), or
 * names a law without saying which year's, is not recognised and prints as written.
 */
export function recognise(line: string): BasisReference | undefined {
  const text = line
    .normalize('NFC')
    .trim()
    .replace(/^Căn cứ\s+/u, '');
  for (const id of INSTRUMENT_IDS) {
    const item: LegalInstrument = LEGAL_INSTRUMENTS[id];
    const name = shortCitation(item);
    const at = text.indexOf(name);
    if (at < 0) continue;
    const before = text.slice(0, at).trim();
    if (before && !PROVISION.test(before)) continue;
    let rest = text.slice(at + name.length);
    let after = '';
    const trailing = /,\s*((?:điểm|khoản|Điều|Chương|Mục|Phụ lục)\s.*)$/u.exec(rest);
    if (trailing) {
      after = trailing[1]!.trim();
      rest = rest.slice(0, trailing.index);
    }
    if (before && after) continue;
    if (rest && !/^\s+(ngày|của)\s/u.test(rest)) continue;
    const sameName = INSTRUMENT_IDS.filter((other) => shortCitation(LEGAL_INSTRUMENTS[other]) === name);
    if (sameName.length > 1) {
      const year = /năm (\d{4})|\/(\d{4})\b/u.exec(rest);
      if (!year || Number(year[1] ?? year[2]) !== Number(item.signedOn.slice(0, 4))) continue;
    }
    const provision = before || after;
    return provision ? { instrument: id, provision } : { instrument: id };
  }
  return undefined;
}

/**
 * The 'Căn cứ …' lines of a document, in order, without final punctuation: each catalogued instrument is
 * cited in full the first time and by its short form after (Decree 30: "trong các lần viện dẫn tiếp theo, chỉ
 * ghi tên loại và số, ký hiệu"), also inside a later instrument's summary; one cited whole twice is cited once;
 * a line naming no catalogued instrument prints as written.
 */
export function citeBases(lines: ReadonlyArray<string | BasisReference>): string[] {
  const cited = new Set<InstrumentId>();
  const out: string[] = [];
  for (const line of lines) {
    const reference = typeof line === 'string' ? recognise(line) : line;
    if (!reference) {
      const text = String(line)
        .trim()
        .replace(/^Căn cứ\s+/u, '');
      if (!out.includes(`Căn cứ ${text}`)) out.push(`Căn cứ ${text}`);
      continue;
    }
    const item = instrument(reference.instrument);
    if (cited.has(reference.instrument) && !reference.provision) continue;
    const body = cited.has(reference.instrument)
      ? shortCitation(item)
      : // An instrument already cited in full is named by its short form inside a later summary too
        // ('… sửa đổi, bổ sung một số điều của Nghị định số 20/2021/NĐ-CP').
        [...cited].reduce(
          (text, id) => text.replace(fullCitation(instrument(id)), shortCitation(instrument(id))),
          fullCitation(item),
        );
    cited.add(reference.instrument);
    out.push(`Căn cứ ${reference.provision ? `${reference.provision} ` : ''}${body}`);
  }
  return out;
}

/** Whether an instrument is in force on a date (from its effective date, or its signing when none is known). */
export const inForceOn = (item: LegalInstrument, date: string) =>
  (item.effectiveFrom ?? item.signedOn) <= date;

/** The law on local government in force on a date (the 2025 law from 01/07/2025, the 2015 law before). */
export function localGovernmentLawOn(date: string): BasisReference {
  return { instrument: date >= '2025-07-01' ? 'law-local-government-2025' : 'law-local-government-2015' };
}

/**
 * The "Căn cứ" lines of a decision signed on `signedOn`: the local-government law in force that day, the
 * procedure's own legal basis, and the instrument that set the base level used.
 */
export function decisionBases(
  procedureBases: readonly string[],
  signedOn: string,
  baseLevelBasis: string,
): string[] {
  return citeBases([localGovernmentLawOn(signedOn), ...procedureBases, baseLevelBasis]);
}
