/**
 * Where the local runtime keeps its data (ATTUNE_HOME, default `./.attune`), and the names it gives the
 * AWS resources it stands in for. Everything on one machine lives under this one directory, so deleting it
 * erases every session.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The account and region in every local ARN: no real account is ever named. */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';
/** Every request to the local stand-ins is signed with these; none of them checks a signature. */
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
