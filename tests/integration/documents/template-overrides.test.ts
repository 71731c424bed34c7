import { TemplateRejectedError } from '../../../documents/errors';
import { issueDocument } from '../../../documents/issue-document';
import { rerenderDocument } from '../../../documents/stored-documents';
import { saveTemplateOverride } from '../../../documents/template-overrides';
import { currentTemplateOverride } from '../../../documents/template-store';
import { builtInSourceSet } from '../../../documents/template-sources';
import { createTestDatabase, type TestDatabase } from '../../helpers/db';
import { grantInput } from './fixtures';

const DONG_NAI = '75';
const builtInBody = builtInSourceSet('grant-monthly-allowance').body;

describe('per-province template overrides', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function overrideCount(): Promise<number> {
    const { rows } = await db.pool.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM template_overrides',
    );
    return rows[0]?.count ?? -1;
  }

  async function rejection(source: string): Promise<TemplateRejectedError> {
    try {
      await saveTemplateOverride(db, {
        provinceCode: DONG_NAI,
        templateId: 'grant-monthly-allowance',
        source,
        createdBy: 'admin.dongnai',
      });
    } catch (error) {
      if (error instanceof TemplateRejectedError) return error;
      throw error;
    }
    throw new Error('expected the template to be refused');
  }

  it('refuses a template that does not compile, with the Handlebars error, and stores nothing', async () => {
    const error = await rejection(builtInBody.replace('{{/document-page}}', ''));
    expect(error.code).toBe('TEMPLATE_REJECTED');
    expect(error.handlebarsMessage).toMatch(/Parse error on line \d+/);
    expect(error.message).toContain('Mẫu "grant-monthly-allowance" bị từ chối: Parse error');
    expect(await overrideCount()).toBe(0);
  });

  it('refuses a template whose sample render fails: misspelt field, unknown helper, unknown partial', async () => {
    expect(
      (await rejection(builtInBody.replace('{{beneficiary.residence}}', '{{beneficiary.residense}}')))
        .handlebarsMessage,
    ).toContain('"residense" not defined');
    expect(
      (await rejection(builtInBody.replace('{{vndWords monthlyAmount}}', '{{soThanhChu monthlyAmount}}')))
        .handlebarsMessage,
    ).toContain(
      // Strict mode reports an unknown helper as an unknown field, with its position in the template.
      '"soThanhChu" not defined',
    );
    expect(
      (await rejection(builtInBody.replace('{{> closing}}', '{{> chu-ky}}'))).handlebarsMessage,
    ).toContain('The partial chu-ky could not be found');
    expect(await overrideCount()).toBe(0);
  });

  it('stores a working override, uses it for that province only, and re-renders old documents identically', async () => {
    const withNote = builtInBody.replace(
      '<p><span class="article-title">Điều 2.</span>',
      '<p>Tiền trợ cấp được chi trả qua tài khoản hoặc tại điểm chi trả của Bưu điện văn hóa xã.</p>\n<p><span class="article-title">Điều 2.</span>',
    );
    const beforeOverride = await issueDocument(db, grantInput('before-override', { provinceCode: DONG_NAI }));
    const saved = await saveTemplateOverride(db, {
      provinceCode: DONG_NAI,
      templateId: 'grant-monthly-allowance',
      source: withNote,
      createdBy: 'admin.dongnai',
    });
    expect(saved.previewHtml).toContain('qua tài khoản hoặc tại điểm chi trả');
    expect((await currentTemplateOverride(db.pool, DONG_NAI, 'grant-monthly-allowance'))?.version).toBe(
      saved.version,
    );

    const dongNai = await issueDocument(db, grantInput('dong-nai', { provinceCode: DONG_NAI }));
    expect(dongNai.templateVersion).toBe(saved.version);
    expect(dongNai.html).toContain('qua tài khoản hoặc tại điểm chi trả');
    const elsewhere = await issueDocument(db, grantInput('elsewhere', { provinceCode: '11' }));
    expect(elsewhere.html).not.toContain('qua tài khoản hoặc tại điểm chi trả');
    expect(elsewhere.templateVersion).toBe(beforeOverride.templateVersion);

    // A later override does not change how earlier documents re-render: each keeps its recorded sources.
    await saveTemplateOverride(db, {
      provinceCode: DONG_NAI,
      templateId: 'grant-monthly-allowance',
      source: withNote.replace('Bưu điện văn hóa xã', 'ngân hàng'),
      createdBy: 'admin.dongnai',
    });
    for (const document of [beforeOverride, dongNai, elsewhere]) {
      const again = await rerenderDocument(db, document.id);
      expect(again.htmlIdentical).toBe(true);
      expect(again.html).toBe(document.html);
    }
  });
});
