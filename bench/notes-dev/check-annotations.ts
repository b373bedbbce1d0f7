/**
 * Sanity check for note annotations (tests/fixtures/notes/dev/*.json and bench/notes-dev/annomi/*.json):
 * the transcript parses, every cited turn exists, topics are known, every mustNotSay compiles, and every term
 * group has an alternative somewhere in the cited turns (a warning only: a note may name a technique the
 * transcript never names). It never looks at a note. Run: npx tsx bench/notes-dev/check-annotations.ts
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTranscript } from '../../lambdas/core/transcript/index.js';
import { TOPICS as ANNOTATED_TOPICS } from '../notes-score.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ANNOMI = '/work/shared/data/annomi-dev';
const TOPICS = new Set<string>(ANNOTATED_TOPICS);
const SECTIONS = new Set([
  'concern',
  'mood',
  'homework',
  'homework_review',
  'goals',
  'next_appointment',
  'measures',
  'interventions',
  'risk',
  'strengths',
  'medication',
  'change_talk',
]);

const loose = (s: string) => s.toLowerCase().replace(/[\s\-‐–]+/g, '');

let errors = 0;
let warnings = 0;
const err = (f: string, m: string) => {
  errors++;
  console.log(`ERROR ${f}: ${m}`);
};
const warn = (f: string, m: string) => {
  warnings++;
  console.log(`warn  ${f}: ${m}`);
};

function check(jsonPath: string, dev: boolean) {
  const a = JSON.parse(readFileSync(jsonPath, 'utf8'));
  const name = a.session;
  const txt = dev ? jsonPath.replace(/\.json$/, '.txt') : join(ANNOMI, a.transcript ?? '');
  if (!existsSync(txt)) return err(name, `no transcript ${txt}`);
  const t = parseTranscript(readFileSync(txt, 'utf8'));
  const byId = new Map(t.turns.map((x) => [x.id, x]));
  if (dev && (t.turns.length < 25 || t.turns.length > 80)) warn(name, `${t.turns.length} turns (brief: 25-80)`);
  if (t.warnings.length) warn(name, `parser warnings: ${t.warnings.join('; ')}`);
  const ids = new Set<string>();
  for (const m of a.mustSay ?? []) {
    if (ids.has(m.id)) err(name, `duplicate id ${m.id}`);
    ids.add(m.id);
    if (!TOPICS.has(m.topic)) err(name, `${m.id}: unknown topic ${m.topic}`);
    if (!Array.isArray(m.terms) || m.terms.length < 1) err(name, `${m.id}: no terms`);
    const cited = (m.turns ?? [])
      .map((id: string) => {
        const turn = byId.get(id);
        if (!turn) err(name, `${m.id}: no turn ${id}`);
        return turn?.text ?? '';
      })
      .join(' ');
    if (!m.turns?.length) err(name, `${m.id}: no turns`);
    for (const group of m.terms) {
      if (!group.some((alt: string) => loose(cited).includes(loose(alt)))) warn(name, `${m.id}: none of ${JSON.stringify(group)} in cited turns`);
    }
  }
  for (const n of a.mustNotSay ?? []) {
    let re: RegExp;
    try {
      re = new RegExp(n.pattern, 'i');
    } catch {
      err(name, `${n.id}: bad regex ${n.pattern}`);
      continue;
    }
    for (const m of a.mustSay ?? []) if (re.test(m.fact)) err(name, `mustNotSay ${n.id} matches mustSay fact ${m.id}`);
  }
  for (const s of [...(a.present ?? []), ...(a.absent ?? [])]) if (!SECTIONS.has(s)) warn(name, `unknown section ${s}`);
  for (const s of a.present ?? []) if ((a.absent ?? []).includes(s)) err(name, `${s} both present and absent`);
  const ms = a.mustSay?.length ?? 0,
    mn = a.mustNotSay?.length ?? 0;
  if (dev && (ms < 6 || ms > 12 || mn < 3 || mn > 8)) warn(name, `${ms} mustSay / ${mn} mustNotSay`);
  console.log(`ok    ${name}: ${t.turns.length} turns, ${ms} mustSay, ${mn} mustNotSay`);
}

const devDir = join(root, 'tests/fixtures/notes/dev');
for (const f of readdirSync(devDir)
  .filter((f) => f.endsWith('.json'))
  .sort())
  check(join(devDir, f), true);
const annomiDir = join(root, 'bench/notes-dev/annomi');
if (existsSync(annomiDir))
  for (const f of readdirSync(annomiDir)
    .filter((f) => f.endsWith('.json'))
    .sort())
    check(join(annomiDir, f), false);
console.log(`${errors} errors, ${warnings} warnings`);
process.exitCode = errors ? 1 : 0;
