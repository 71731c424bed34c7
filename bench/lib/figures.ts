/**
 * What every bench prints and keeps: one summary line per figure, and the same figures as JSON under
 * bench/results/ (git-ignored) with the machine's load average, so runs on a shared machine can be compared
 * knowing how busy it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RESULTS_DIR = path.join(__dirname, '..', 'results');

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/** `--name value` from the bench's own arguments (run.ts passes `--…` arguments through). */
export function numberArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** `--name value` as text, or undefined. */
export function stringArg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

export class Figures {
  private readonly figures: Record<string, unknown> = {};
  private readonly started = new Date();

  constructor(private readonly bench: string) {}

  /** Prints `name: text` (the summary line) and keeps `value` for the JSON file. */
  add(name: string, text: string, value: unknown): void {
    console.log(`${name}: ${text}`);
    this.figures[name] = value;
  }

  /** Writes bench/results/<bench>-<timestamp>.json and answers its path. */
  save(extra: Record<string, unknown> = {}): string {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const stamp = this.started.toISOString().replace(/[:.]/g, '-');
    const file = path.join(RESULTS_DIR, `${this.bench}-${stamp}.json`);
    const body = {
      bench: this.bench,
      startedAt: this.started.toISOString(),
      finishedAt: new Date().toISOString(),
      args: process.argv.slice(2),
      cpus: os.cpus().length,
      loadAverageAtEnd: loadAverage(),
      ...extra,
      figures: this.figures,
    };
    fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
    console.log(`load average: ${loadAverage()}  (figures in ${path.relative(process.cwd(), file)})`);
    return file;
  }
}

export const ms = (value: number) => `${value.toFixed(0)} ms`;
