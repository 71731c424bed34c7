import fs from 'node:fs';
import path from 'node:path';
import { documentKind, type DocumentKind } from './document-kinds';
import type { DocumentHeaderInput } from './schemas/header';
import { templatesDirectory } from './template-sources';

/**
 * Sample data for each template (templates/documents/samples/<kind>.json, plus variants named
 * <kind>--<variant>.json). Used for golden tests, benchmarks and to test-render an admin's override
 * before it is saved.
 */
export interface DocumentSample {
  /** '<kind>' or '<kind>--<variant>' */
  name: string;
  kind: DocumentKind;
  header: DocumentHeaderInput;
  data: unknown;
}

function samplesDirectory(): string {
  return path.join(templatesDirectory(), 'samples');
}

function readSample(name: string): DocumentSample {
  const kind = documentKind(name.split('--')[0] ?? name).id;
  const parsed: unknown = JSON.parse(fs.readFileSync(path.join(samplesDirectory(), `${name}.json`), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || !('header' in parsed) || !('data' in parsed)) {
    throw new Error(`Mẫu dữ liệu ${name}.json cần hai khóa "header" và "data"`);
  }
  return { name, kind, header: parsed.header as DocumentHeaderInput, data: parsed.data };
}

/** The main sample of a kind. */
export function loadSample(kind: DocumentKind): DocumentSample {
  return readSample(kind);
}

/** Every sample file, variants included, in name order. */
export function loadAllSamples(): DocumentSample[] {
  return fs
    .readdirSync(samplesDirectory())
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => readSample(file.slice(0, -'.json'.length)));
}
