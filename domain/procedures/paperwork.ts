/**
 * The wording of posts and offices on a route's papers, as data of the route version (schema.ts
 * PaperworkSchema). The three-tier route keeps the titles of its time; the two-tier route (from 01/07/2025)
 * names the posts that exist today: the commune's Phòng Văn hóa - Xã hội does the social-affairs work, and the
 * province's Sở Y tế took over social protection from the abolished Sở Lao động - Thương binh và Xã hội
 * [S: Decree 150/2025 on the specialised offices of provinces and communes is cited by Circular 03/2025;
 * the transfer to Sở Y tế is reported in 2025 news, not read in a decree].
 */
import { ROLE_TITLES } from '../roles';
import type { Paperwork, ProcedureDefinition, Role } from './index';
import { decidingStep } from './route';

/** Three tiers, the district decides (monthly allowance, funeral support until 30/06/2025). */
export const THREE_TIER_DISTRICT_PAPERWORK: Paperwork = {
  proposedBy: 'Trưởng phòng Lao động - Thương binh và Xã hội',
  implementers: [
    'Chánh Văn phòng Ủy ban nhân dân {decider}',
    'công chức phụ trách lao động - thương binh và xã hội',
    'tổ chức dịch vụ chi trả',
  ],
  recipients: ['Như Điều 3', 'Ủy ban nhân dân {commune}'],
  archiveUnit: 'LĐTBXH',
};

/** Three tiers, the commune decides (urgent food aid until 30/06/2025). */
export const THREE_TIER_COMMUNE_PAPERWORK: Paperwork = {
  ...THREE_TIER_DISTRICT_PAPERWORK,
  proposedBy: 'công chức phụ trách lao động - thương binh và xã hội {commune}',
};

/** Two tiers: the commune decides; no district, no labour office, no labour-invalids officer. */
export const TWO_TIER_PAPERWORK: Paperwork = {
  roleTitles: { commune_officer: 'Công chức Phòng Văn hóa - Xã hội cấp xã' },
  proposedBy: 'Trưởng phòng Văn hóa - Xã hội',
  implementers: [
    'Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {decider}',
    'Trưởng phòng Văn hóa - Xã hội',
    'tổ chức dịch vụ chi trả',
  ],
  recipients: ['Như Điều 3', 'Sở Y tế {province}'],
  archiveUnit: 'VHXH',
};

/**
 * A route's paperwork; versions published (and dossiers snapshotted) before paperwork was data get the
 * wording of their tier and deciding level.
 */
export function paperworkOf(procedure: ProcedureDefinition): Paperwork {
  if (procedure.paperwork) return procedure.paperwork;
  if (procedure.tier === 'two-tier') return TWO_TIER_PAPERWORK;
  return decidingStep(procedure).actor.level === 'commune'
    ? THREE_TIER_COMMUNE_PAPERWORK
    : THREE_TIER_DISTRICT_PAPERWORK;
}

/**
 * A post's title where only the route's tier is known (the citizen's tracking page reads the read model, not
 * the version): the tier's default wording.
 */
export function roleTitleForTier(tier: string, role: Role | 'auditor'): string {
  const titles = tier === 'two-tier' ? TWO_TIER_PAPERWORK.roleTitles : undefined;
  return (role !== 'auditor' ? titles?.[role] : undefined) ?? ROLE_TITLES[role];
}

/** A post's title on this route's papers. */
export function roleTitleOn(procedure: ProcedureDefinition, role: Role): string {
  return paperworkOf(procedure).roleTitles?.[role] ?? ROLE_TITLES[role];
}

export interface PaperworkUnits {
  /** 'xã Phước Thiền', 'Thị trấn Trảng Bom' */
  commune: string;
  decider: string;
  province: string;
}

/** 'Tỉnh Đồng Nai' → 'tỉnh Đồng Nai': inside a sentence the kind of unit is not capitalised. */
export function inSentence(unitName: string): string {
  return unitName.replace(/^(Tỉnh|Thành phố|Huyện|Quận|Thị xã|Thị trấn|Xã|Phường|Đặc khu)(?=\s)/u, (kind) =>
    kind.toLocaleLowerCase('vi'),
  );
}

/** A paperwork line with its unit names filled in. */
export function fillUnits(line: string, units: PaperworkUnits): string {
  return line.replace(/\{(commune|decider|province)\}/gu, (_, key: keyof PaperworkUnits) =>
    inSentence(units[key]),
  );
}

/** Who proposes, who carries out and who receives a decision on this route, unit names filled in. */
export function decisionWording(procedure: ProcedureDefinition, units: PaperworkUnits) {
  const paperwork = paperworkOf(procedure);
  return {
    proposal: `Theo đề nghị của ${fillUnits(paperwork.proposedBy, units)}`,
    implementers: paperwork.implementers.map((line) => fillUnits(line, units)).join(', '),
    recipients: {
      to: paperwork.recipients.map((line) => fillUnits(line, units)),
      archive: `VT, ${paperwork.archiveUnit}`,
    },
  };
}
