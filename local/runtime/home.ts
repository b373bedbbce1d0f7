/**
 * Where the local runtime keeps its data (ATTUNE_HOME, default `./.attune`), and the names it gives the
 * AWS resources it stands in for. Everything on one machine lives under this one directory, so deleting it
 * erases every session.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, type Stats, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The account and region in every local ARN: no real account is ever named. */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';
/**
 * Every request to the local stand-ins is signed with these; none of them checks a signature. What keeps
 * other processes out of the local database is where it listens (a UNIX socket inside ATTUNE_HOME, see
 * stores.ts), not these.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'attune-local', secretAccessKey: 'attune-local' };

export interface AttuneHome {
  root: string;
  /** dynalite's LevelDB files. */
  dynamodb: string;
  /** The filesystem object store: one folder per bucket. */
  s3: string;
  /** Scratch space for the local transcriber (converted audio); emptied after every job. */
  work: string;
  /** Every event put on the local bus, one JSON object per line. */
  events: string;
  /** The resolved workflow definition, cached by a hash of the CDK sources. */
  cache: string;
}

export function attuneHome(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AttuneHome {
  const root = resolve(cwd, env.ATTUNE_HOME && env.ATTUNE_HOME.trim() !== '' ? env.ATTUNE_HOME : '.attune');
  return {
    root,
    dynamodb: join(root, 'dynamodb'),
    s3: join(root, 's3'),
    work: join(root, 'work'),
    events: join(root, 'events.ndjson'),
    cache: env.ATTUNE_CACHE_DIR && env.ATTUNE_CACHE_DIR.trim() !== '' ? resolve(cwd, env.ATTUNE_CACHE_DIR) : join(root, 'cache'),
  };
}

/**
 * This package's root: the nearest folder above this module whose package.json is Attune's. Found by
 * walking up because this code runs both from `local/` (tsx, tests) and from `dist/chunks/` (the CLI bundle).
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'attune') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the attune package root above the local runtime');
    dir = parent;
  }
}

/** The name prefix of a presigned upload's scratch file in the work folder (local/http/upload-endpoint.ts). */
export const UPLOAD_SCRATCH_PREFIX = '.upload-';

/**
 * Empties the work folder of the transcriber's scratch files (copies of recordings), when no execution is
 * running. An upload still streaming in through the presigned-URL endpoint keeps its own scratch file
 * (UPLOAD_SCRATCH_PREFIX), which that endpoint removes. A missing work folder has nothing in it.
 */
export function clearTranscriberScratch(work: string): void {
  let entries: string[];
  try {
    entries = readdirSync(work);
  } catch {
    return;
  }
  for (const entry of entries) if (!entry.startsWith(UPLOAD_SCRATCH_PREFIX)) rmSync(join(work, entry), { recursive: true, force: true });
}

/** Modes of what the local runtime creates under ATTUNE_HOME: the user's alone (sessions are plain files here, no KMS). */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
const OPEN_TO_OTHERS = 0o077;

/**
 * Makes what this process creates from now on unreadable to the group and others: `umask |= 077`. The
 * local runtime's own files are written with explicit modes, but dynalite's LevelDB files are created by
 * native code (classic-level) that takes only the umask, and keeps creating them (logs, tables, compactions)
 * for as long as it runs. It is process-wide, and kept: the runtime is a process of its own (`npm start`,
 * `attune`), and nothing else it writes is meant for other users. A stricter umask the user set is kept.
 * Answers false where the umask cannot be set (a worker thread).
 */
export function restrictUmask(): boolean {
  try {
    const previous = process.umask(OPEN_TO_OTHERS);
    process.umask(previous | OPEN_TO_OTHERS);
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates ATTUNE_HOME as the user's alone (0700), or closes an existing one. ATTUNE_HOME is Attune's own
 * folder (deleting it erases every session), so when it or anything directly in it is open to the group or
 * others (a home made by an earlier version, whose files took the umask, or opened by hand), everything
 * under it loses those bits. A home that is already closed is not walked, so a start stays cheap however
 * many sessions it holds. Symbolic links are left as they are, and not followed below the home itself.
 */
export function closeHome(root: string): void {
  mkdirSync(root, { recursive: true, mode: PRIVATE_DIR_MODE });
  const isOpen = (mode: number) => (mode & OPEN_TO_OTHERS) !== 0;
  const rootMode = statSync(root).mode;
  const entries = readdirSync(root).map((name) => ({ path: join(root, name), stats: lstatSync(join(root, name)) }));
  if (!isOpen(rootMode) && !entries.some(({ stats }) => !stats.isSymbolicLink() && isOpen(stats.mode))) return;
  // Only the owner's own bits are kept.
  if (isOpen(rootMode)) chmodSync(root, rootMode & 0o700);
  const close = (path: string, stats: Stats) => {
    if (stats.isSymbolicLink()) return;
    if (isOpen(stats.mode)) chmodSync(path, stats.mode & 0o700);
    if (stats.isDirectory()) for (const name of readdirSync(path)) close(join(path, name), lstatSync(join(path, name)));
  };
  for (const { path, stats } of entries) close(path, stats);
}
