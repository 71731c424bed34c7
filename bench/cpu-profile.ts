/**
 * Summarises V8 CPU profiles (`--cpu-prof`, e.g. `npm run bench -- api --cpu-prof <dir>`): per profile (one
 * per thread: the API and worker's main thread, the workflow threads), the top frames by self time and the
 * share of time by area (our code by folder, pg, express, Temporal, GC, idle). Not a bench: run it with
 * `npx tsx bench/cpu-profile.ts <dir> [top]`.
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function area(url: string, name: string): string {
  if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') return name;
  if (!url) return '(native)';
  const rel = url.replace(/^file:\/\//, '');
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(rel);
  if (module) return module[1]!;
  if (rel.startsWith('node:')) return 'node internals';
  const ours =
    /\/(api|app|db|web|workflows|activities|documents|domain|runtime|observability|http|notifications)\//.exec(
      rel,
    );
  return ours ? `ours: ${ours[1]}/` : rel.includes('webpack') ? 'workflow bundle' : 'other';
}

function summarise(file: string, top: number): string[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const total = [...self.values()].reduce((sum, us) => sum + us, 0);
  const idle = [...self.entries()]
    .filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)')
    .reduce((sum, [, us]) => sum + us, 0);
  const busy = total - idle;
  const frames = new Map<string, number>();
  const areas = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const short = url
      .replace(/^.*node_modules\//, '')
      .replace(/^.*wt-h-perf\//, '')
      .replace(/^.*before\//, '');
    const key = `${functionName || '(anonymous)'} ${short}${url ? `:${lineNumber + 1}` : ''}`;
    frames.set(key, (frames.get(key) ?? 0) + us);
    const a = area(url, functionName);
    areas.set(a, (areas.get(a) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / Math.max(busy, 1)).toFixed(1)}%`;
  const lines = [
    `${path.basename(file)}: ${(total / 1e6).toFixed(1)} s sampled, busy ${(busy / 1e6).toFixed(1)} s`,
    '  by area (share of busy time): ' +
      [...areas.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([name, us]) => `${name} ${pct(us)}`)
        .join(', '),
    '  top self time:',
  ];
  for (const [key, us] of [...frames.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`    ${pct(us).padStart(6)}  ${key}`);
  }
  return lines;
}

const [dir, topArg] = process.argv.slice(2);
if (!dir) {
  console.error('usage: npx tsx bench/cpu-profile.ts <dir> [top]');
  process.exit(2);
}
for (const file of fs
  .readdirSync(dir)
  .filter((name) => name.endsWith('.cpuprofile'))
  .sort()) {
  console.log(summarise(path.join(dir, file), Number(topArg ?? 15)).join('\n'));
}
