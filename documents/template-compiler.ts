import Handlebars from 'handlebars';
import { TEMPLATE_HELPERS } from './template-helpers';
import { templateVersion, type TemplateSourceSet } from './template-sources';

/**
 * Compiles a template source set into a render function, once per version per process.
 *
 * Each set gets its own Handlebars environment so an admin's override can never replace a partial or a
 * helper that other templates use. Templates compile in strict mode: a reference to a field the data does
 * not have throws instead of printing an empty line.
 */
export interface CompiledTemplate {
  version: string;
  render(context: object): string;
}

const COMPILE_OPTIONS: CompileOptions = { strict: true };
// Overrides are few and versions immutable; the bound only guards a long-running worker against growth.
const CACHE_LIMIT = 200;
const cache = new Map<string, CompiledTemplate>();

/**
 * Parses and compiles eagerly. Handlebars.compile is lazy (errors surface at first render), so the
 * precompile pass is what turns a syntax error into an exception here.
 */
export function compileTemplateSet(set: TemplateSourceSet): CompiledTemplate {
  const version = templateVersion(set);
  const cached = cache.get(version);
  if (cached) return cached;

  const env = Handlebars.create();
  for (const [name, helper] of Object.entries(TEMPLATE_HELPERS)) env.registerHelper(name, helper);
  for (const [name, source] of Object.entries(set.partials)) {
    env.precompile(source, COMPILE_OPTIONS);
    env.registerPartial(name, env.compile(source, COMPILE_OPTIONS));
  }
  env.precompile(set.body, COMPILE_OPTIONS);
  const template = env.compile(set.body, COMPILE_OPTIONS);
  const compiled: CompiledTemplate = {
    version,
    render: (context) =>
      template(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false }),
  };

  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(version, compiled);
  return compiled;
}
