/**
 * The labelled sessions the alliance is developed and checked on: the AnnoMI development split (expert-rated
 * high and low quality MI) and the paired set the project wrote (tests/fixtures/alliance/pairs: a good and a
 * poor version of one conversation, across MI, CBT, supportive, psychiatric, crisis and peer-support work).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from './csv.js';
import { parseTranscript } from '../lambdas/core/transcript/index.js';
import type { Transcript } from '../schemas/transcript.js';

export interface LabelledSession {
  id: string;
  set: 'annomi' | 'pairs';
  /** `high` for expert-rated high quality or the good version of a pair. */
  quality: 'high' | 'low';
  /** The pair's modality; `mi` for AnnoMI. */
  modality: string;
  /** `dev` or `holdout` (AnnoMI: even-numbered sessions are dev, odd ones held out of error study). */
  split: 'dev' | 'holdout';
  /** The pair a session belongs to (pairs only). */
  pair?: string;
  transcript: Transcript;
}

export const PAIRS_DIR = new URL('../tests/fixtures/alliance/pairs/', import.meta.url).pathname;

export function loadAnnomi(dataDir: string): LabelledSession[] | null {
  if (!existsSync(join(dataDir, 'labels.csv'))) return null;
  return parseCsv(readFileSync(join(dataDir, 'labels.csv'), 'utf8')).map((l) => {
    const id = l.session!;
    const n = Number(id.replace(/\D/g, ''));
    return {
      id,
      set: 'annomi' as const,
      quality: l.quality === 'low' ? ('low' as const) : ('high' as const),
      modality: 'mi',
      split: n % 2 === 0 ? ('dev' as const) : ('holdout' as const),
      transcript: parseTranscript(readFileSync(join(dataDir, 'transcripts', `${id}.txt`)), { filename: `${id}.txt` }),
    };
  });
}

interface PairManifest {
  modality: string;
  split: 'dev' | 'holdout';
  good: string;
  poor: string;
}

export function loadPairs(dir = PAIRS_DIR): LabelledSession[] {
  if (!existsSync(dir)) return [];
  const out: LabelledSession[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const pair = file.replace(/\.json$/, '');
    const m = JSON.parse(readFileSync(join(dir, file), 'utf8')) as PairManifest;
    for (const [quality, name] of [
      ['high', m.good],
      ['low', m.poor],
    ] as const) {
      if (!existsSync(join(dir, name))) continue;
      out.push({
        id: name.replace(/\.txt$/, ''),
        set: 'pairs',
        quality,
        modality: m.modality,
        split: m.split === 'holdout' ? 'holdout' : 'dev',
        pair,
        transcript: parseTranscript(readFileSync(join(dir, name)), { filename: name }),
      });
    }
  }
  return out;
}
