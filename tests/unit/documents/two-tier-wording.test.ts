import {
  DEFAULT_PROCEDURES,
  decisionWording,
  ProcedureDefinitionSchema,
  paperworkOf,
  roleTitleOn,
  type ProcedureDefinition,
} from '../../../domain/procedures';
import { partyLabel } from '../../../workflows/dossier/plan';
import { renderDocumentHtml } from '../../../documents/render-html';
import { loadSample } from '../../../documents/samples';

/**
 * Under two-tier local government (from 01/07/2025) there is no district labour office and no commune
 * "labour - invalids - social affairs" officer: a commune's papers for a two-tier dossier must not name them,
 * while papers of the three-tier route keep the wording of their time. The wording is data of the route
 * version (domain/procedures/paperwork.ts).
 */
const ABOLISHED = [/lao động - thương binh và xã hội/iu, /LĐTBXH/u, /Phòng Lao động/iu];
const abolishedIn = (text: string) => ABOLISHED.filter((pattern) => pattern.test(text)).map(String);

const UNITS = { commune: 'xã Phước An', decider: 'xã Phước An', province: 'tỉnh Đồng Nai' };

/** The grant decision as the activity fills it for a route: its proposal, implementers and recipients. */
function decisionHtml(procedure: ProcedureDefinition): string {
  const sample = loadSample('grant-monthly-allowance');
  const data = { ...(sample.data as object), ...decisionWording(procedure, UNITS) };
  return renderDocumentHtml('grant-monthly-allowance', data, { header: sample.header }).html;
}

/** What a route's papers and form 06 may print: every paperwork line, and the title of every post it uses. */
function routeWording(procedure: ProcedureDefinition): string {
  const paperwork = decisionWording(procedure, UNITS);
  const roles = [...new Set([procedure.intake.deskRole, ...procedure.steps.map((step) => step.actor.role)])];
  return [
    paperwork.proposal,
    paperwork.implementers,
    ...paperwork.recipients.to,
    paperwork.recipients.archive,
    ...roles.map((role) => partyLabel(role, '26734', procedure)),
  ].join('\n');
}

const twoTier = DEFAULT_PROCEDURES.filter((p) => p.tier === 'two-tier');
const threeTier = DEFAULT_PROCEDURES.filter((p) => p.tier === 'three-tier');

describe('two-tier documents name only posts that exist', () => {
  it.each(twoTier.map((p) => [p.id, p] as const))(
    '%s (two-tier): none of the abolished posts',
    (_, procedure) => {
      expect(abolishedIn(decisionHtml(procedure))).toEqual([]);
      expect(abolishedIn(routeWording(procedure))).toEqual([]);
      const html = decisionHtml(procedure);
      expect(html).toContain('Theo đề nghị của Trưởng phòng Văn hóa - Xã hội.');
      expect(html).toContain('<p>- Sở Y tế tỉnh Đồng Nai;</p>');
      expect(html).toContain('<p>- Lưu: VT, VHXH.</p>');
    },
  );

  it.each(threeTier.map((p) => [p.id, p] as const))(
    '%s (three-tier): keeps the wording of its time',
    (_, procedure) => {
      const html = decisionHtml(procedure);
      expect(html).toContain('<p>- Lưu: VT, LĐTBXH.</p>');
      expect(html).toMatch(/công chức phụ trách lao động - thương binh và xã hội/u);
      expect(html).toContain('<p>- Ủy ban nhân dân xã Phước An;</p>');
    },
  );

  it('a two-tier version published before paperwork was data (or a running snapshot) gets the two-tier wording', () => {
    const published = twoTier.map((procedure) => {
      const { paperwork: _dropped, ...rest } = procedure;
      return ProcedureDefinitionSchema.parse({ ...rest, version: procedure.version + 10 });
    });
    for (const procedure of published) {
      expect(procedure.paperwork).toBeUndefined();
      expect(abolishedIn(decisionHtml(procedure))).toEqual([]);
      expect(roleTitleOn(procedure, 'commune_officer')).toBe('Công chức Phòng Văn hóa - Xã hội cấp xã');
    }
    // …and a three-tier one the old wording, by who decides on it.
    const districtDecides = threeTier.find((p) => p.id === 'monthly-allowance')!;
    const { paperwork: _none, ...old } = districtDecides;
    expect(paperworkOf(ProcedureDefinitionSchema.parse(old)).proposedBy).toBe(
      'Trưởng phòng Lao động - Thương binh và Xã hội',
    );
  });

  it('the process-control slip (form 06) labels a two-tier commune officer by the post that exists', () => {
    const procedure = twoTier.find((p) => p.id === 'monthly-allowance')!;
    expect(partyLabel('commune_officer', '26734', procedure)).toBe(
      'Công chức Phòng Văn hóa - Xã hội cấp xã (26734)',
    );
    const old = threeTier.find((p) => p.id === 'monthly-allowance')!;
    expect(partyLabel('commune_officer', '26170', old)).toBe(
      'Công chức phụ trách lao động - thương binh và xã hội cấp xã (26170)',
    );
  });

  it('names units as a sentence does: "Sở Y tế tỉnh Đồng Nai", not "Sở Y tế Tỉnh Đồng Nai"', () => {
    const units = { commune: 'Thị trấn Trảng Bom', decider: 'Huyện Trảng Bom', province: 'Tỉnh Đồng Nai' };
    expect(decisionWording(twoTier[0]!, units).recipients.to).toEqual([
      'Như Điều 3',
      'Sở Y tế tỉnh Đồng Nai',
    ]);
    const old = threeTier.find((p) => p.id === 'monthly-allowance')!;
    expect(decisionWording(old, units)).toMatchObject({
      implementers: expect.stringMatching(/^Chánh Văn phòng Ủy ban nhân dân huyện Trảng Bom, /u),
      recipients: { to: ['Như Điều 3', 'Ủy ban nhân dân thị trấn Trảng Bom'], archive: 'VT, LĐTBXH' },
    });
  });

  it('refuses a paperwork line naming a unit it cannot fill in', () => {
    const procedure = twoTier[0]!;
    const result = ProcedureDefinitionSchema.safeParse({
      ...procedure,
      version: 99,
      paperwork: { ...paperworkOf(procedure), recipients: ['Ủy ban nhân dân {district}'] },
    });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('paperwork_placeholder');
  });
});
