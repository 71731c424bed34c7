import { compileTemplateSet } from '../../../documents/template-compiler';
import { builtInSourceSet, overrideSourceSet, templateVersion } from '../../../documents/template-sources';

describe('compiled templates', () => {
  it('are compiled once per version and reused', () => {
    const sources = builtInSourceSet('grant-monthly-allowance');
    expect(compileTemplateSet(sources)).toBe(compileTemplateSet(builtInSourceSet('grant-monthly-allowance')));
  });

  it('get a new version when the body or a partial changes', () => {
    const base = builtInSourceSet('grant-monthly-allowance');
    const changedBody = overrideSourceSet('grant-monthly-allowance', `${base.body}\n`);
    const changedPartial = {
      ...base,
      partials: { ...base.partials, 'print-css': `${base.partials['print-css']} ` },
    };
    const versions = new Set([
      templateVersion(base),
      templateVersion(changedBody),
      templateVersion(changedPartial),
    ]);
    expect(versions.size).toBe(3);
    expect(templateVersion(base)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('compile in strict mode: a field the data lacks throws instead of printing nothing', () => {
    const compiled = compileTemplateSet(
      overrideSourceSet('grant-monthly-allowance', '<p>{{beneficiary.fulName}}</p>'),
    );
    expect(() => compiled.render({ beneficiary: { fullName: 'Lê Thị Hoa' } })).toThrow(
      '"fulName" not defined',
    );
  });

  it('report syntax errors at compile time', () => {
    expect(() =>
      compileTemplateSet(overrideSourceSet('grant-monthly-allowance', '{{#if x}}unclosed')),
    ).toThrow(/Parse error/);
  });
});
