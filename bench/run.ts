/**
 * `npm run bench`: runs every bench/*.bench.ts file, one after another, each in its own tsx process (so one
 * benchmark's browser, pools or JIT state cannot skew the next), and prints what each prints.
 * A bench file is a script that measures something and prints its figures; pass name filters to run some:
 * `npm run bench -- documents`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// `--name value` pairs go to every bench (`npm run bench -- workflow --n 100`); other words filter the files.
const args = process.argv.slice(2);
const passed: string[] = [];
const filters: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i]!.startsWith('--')) passed.push(args[i]!, args[++i] ?? '');
  else filters.push(args[i]!);
}
const benchDir = __dirname;
const files = fs
  .readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

if (files.length === 0) {
  console.log('No bench/*.bench.ts files matched.');
  process.exit(0);
}

const tsxCli = require.resolve('tsx/cli');
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [tsxCli, path.join(benchDir, file), ...passed], {
    stdio: 'inherit',
    env: process.env,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed++;
    console.log(`--- ${file} FAILED (exit ${result.status ?? result.signal}) after ${seconds} s`);
  } else {
    console.log(`--- ${file} done in ${seconds} s`);
  }
}
process.exit(failed === 0 ? 0 : 1);
