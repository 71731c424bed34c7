#!/usr/bin/env node
// The system packages the project needs beyond Node, Go and Java: Chromium prints official documents to PDF
// (and runs the browser tests), Liberation Serif stands in for Times New Roman with the same metrics, so a
// decision lays out the same on every machine, and the CA certificates let Go fetch modules over HTTPS. Run by `npm start`, `npm test` and `.ci/run` before anything
// else: silent and quick when everything is there; as root on Debian it installs what is missing with
// apt-get; otherwise it stops and prints the exact command to run.
//
// CHROMIUM_PATH names another Chromium binary (the default is Debian's /usr/bin/chromium).
// TGXH_SKIP_SYSTEM_PACKAGES=1 skips the check (a machine set up some other way).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** What is needed, how to see that it is there, and the Debian package that provides it. */
const requirements = [
  {
    what: 'Chromium (prints documents to PDF)',
    debianPackage: 'chromium',
    present: () => isExecutable('/usr/bin/chromium'),
    // Another Chromium named by CHROMIUM_PATH is checked on its own (main): apt cannot provide it.
    skip: () => Boolean(process.env.CHROMIUM_PATH),
  },
  {
    what: 'CA certificates (Go fetches the Temporal CLI modules over HTTPS)',
    debianPackage: 'ca-certificates',
    present: () => fs.existsSync('/etc/ssl/certs/ca-certificates.crt'),
  },
  {
    what: 'fontconfig (fc-list, to check the fonts below)',
    debianPackage: 'fontconfig',
    present: () => fontFamilies() !== undefined,
  },
  {
    what: 'Liberation Serif (metric-compatible with Times New Roman)',
    debianPackage: 'fonts-liberation2',
    present: () => /Liberation Serif/.test(fontFamilies() ?? ''),
  },
];

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The installed font families, or undefined when fontconfig's fc-list is not there. */
function fontFamilies() {
  const result = spawnSync('fc-list', [':', 'family'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout : undefined;
}

function missingPackages() {
  return requirements.filter((requirement) => !requirement.skip?.() && !requirement.present());
}

function main() {
  if (process.env.TGXH_SKIP_SYSTEM_PACKAGES === '1') return 0;
  const chromiumPath = process.env.CHROMIUM_PATH;
  if (chromiumPath && !isExecutable(chromiumPath)) {
    console.error(
      `CHROMIUM_PATH=${chromiumPath} is not an executable file: fix it, or unset it to use Debian's chromium.`,
    );
    return 1;
  }
  const missing = missingPackages();
  if (missing.length === 0) return 0;

  const packages = [...new Set(missing.map((requirement) => requirement.debianPackage))];
  const command = `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  console.error('System packages missing:');
  for (const requirement of missing)
    console.error(`  - ${requirement.what}: Debian package ${requirement.debianPackage}`);

  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!hasApt) {
    console.error(
      'This machine has no apt-get. Install Chromium and the Liberation fonts with its package manager ' +
        '(set CHROMIUM_PATH if Chromium is not /usr/bin/chromium), then run the command again.',
    );
    return 1;
  }
  if (!isRoot) {
    console.error(`Install them as root, then run the command again:\n  sudo sh -c '${command}'`);
    return 1;
  }

  const started = Date.now();
  console.error(`Installing ${packages.join(', ')} with apt-get (once per machine, under a minute)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
    });
  } catch {
    console.error(
      `apt-get failed (see above). Run it yourself:\n  ${command}\n` +
        'or install Chromium some other way and name it in CHROMIUM_PATH.',
    );
    return 1;
  }
  const still = missingPackages();
  if (still.length > 0) {
    console.error(`Still missing after the install: ${still.map((r) => r.what).join(', ')}`);
    return 1;
  }
  console.error(`Installed in ${Math.round((Date.now() - started) / 1000)} s.`);
  return 0;
}

process.exitCode = main();
