/**
 * The plans core (lambdas/core/plans, lambdas/core/measures) on annotated clients:
 *   npm run bench:plans [-- --json] [--list dev|holdout|sample|all] [--clients p45,p47,…]
 *
 * Each client in tests/fixtures/plans/ (70 fictional clients, dev the odd-numbered, held-out the even) and
 * the bundled sample client (samples/sessions/jordan) is read with buildClientPlan as `attune plan` reads
 * it, and scored by bench/plans-score.ts: goal detection precision and recall, status accuracy per session,
 * measure extraction precision and recall (instrument, value and session exactly), homework set and
 * reviewed, false facts, unsupported citations, and the precision of each status (a false "met" or
 * "progress" is worse than a miss). Dev, held-out and the sample are reported apart; what went
 * wrong is listed for dev and the sample (`--list holdout` lists the held-out set: read it only to report,
 * never to change the engine). `--clients` scores only the clients whose folder starts with one of the names
 * given (for instance the dev clients added since a change, before any rule was fitted to them). It measures;
 * it does not gate: exit code 0.
 */
import { buildClientPlan } from '../lambdas/core/plans/index.js';
import { readPlanSessions } from '../lambdas/core/plans/session.js';
import { loadAll } from './plans-data.js';
import { scorePlan, type PlanScore } from './plans-score.js';

const json = process.argv.includes('--json');
const listAt = process.argv.indexOf('--list');
const listed = listAt >= 0 ? (process.argv[listAt + 1] ?? 'all') : null;
const LIST = new Set(listed === null ? ['dev', 'sample'] : listed === 'all' ? ['dev', 'holdout', 'sample'] : [listed]);
const clientsAt = process.argv.indexOf('--clients');
const only = clientsAt >= 0 ? (process.argv[clientsAt + 1] ?? '').split(',').filter((x) => x.length > 0) : null;

interface Row {
  clients: number;
  sessions: number;
  score: Omit<PlanScore, 'notes'>;
}

const empty = (): Row => ({
  clients: 0,
  sessions: 0,
  score: {
    goals: { predicted: 0, matchedPredicted: 0, expected: 0, found: 0 },
    status: { total: 0, correct: 0 },
    statusFound: { total: 0, correct: 0 },
    byStatus: {},
    measures: { predicted: 0, correct: 0, expected: 0, found: 0 },
    homework: { predicted: 0, correct: 0, expected: 0, found: 0 },
    falseFacts: 0,
    citations: { total: 0, unsupported: 0 },
  },
});

function add(row: Row, s: PlanScore, sessions: number): void {
  row.clients++;
  row.sessions += sessions;
  for (const key of ['goals', 'status', 'statusFound', 'measures', 'homework', 'citations'] as const) {
    const into = row.score[key] as unknown as Record<string, number>;
    const from = s[key] as unknown as Record<string, number>;
    for (const k of Object.keys(from)) into[k] = (into[k] ?? 0) + from[k]!;
  }
  row.score.falseFacts += s.falseFacts;
  for (const [status, t] of Object.entries(s.byStatus)) {
    const into = row.score.byStatus[status] ?? { predicted: 0, correct: 0 };
    row.score.byStatus[status] = into;
    into.predicted += t.predicted;
    into.correct += t.correct;
  }
}

const rows = new Map<string, Row>([
  ['dev', empty()],
  ['holdout', empty()],
  ['sample', empty()],
]);
const lists: { split: string; client: string; notes: string[] }[] = [];
for (const client of loadAll(only)) {
  const plan = buildClientPlan(client.sessions);
  const read = readPlanSessions([...client.sessions].sort((a, b) => (a.date < b.date ? -1 : 1)));
  const score = scorePlan(client.annotation, plan, read, client.transcripts);
  add(rows.get(client.annotation.split)!, score, client.sessions.length);
  lists.push({ split: client.annotation.split, client: client.annotation.client, notes: score.notes });
}

const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(0)} % (${a}/${b})`);

if (json) {
  console.log(JSON.stringify({ rows: Object.fromEntries(rows), lists: lists.filter((l) => LIST.has(l.split)) }));
} else {
  console.log('\n## Plans bench (tests/fixtures/plans; the sample is samples/sessions/jordan)\n');
  console.log(
    '| set | clients | sessions | goal precision | goal recall | status per session | status, goals found | measure precision | measure recall | homework precision | homework recall | false facts | unsupported citations |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [set, { clients, sessions, score: s }] of rows) {
    console.log(
      `| ${set} | ${clients} | ${sessions} | ${pct(s.goals.matchedPredicted, s.goals.predicted)} | ${pct(s.goals.found, s.goals.expected)} | ${pct(s.status.correct, s.status.total)} | ${pct(s.statusFound.correct, s.statusFound.total)} | ${pct(s.measures.correct, s.measures.predicted)} | ${pct(s.measures.found, s.measures.expected)} | ${pct(s.homework.correct, s.homework.predicted)} | ${pct(s.homework.found, s.homework.expected)} | ${s.falseFacts} | ${pct(s.citations.unsupported, s.citations.total)} |`,
    );
  }
  const STATUSES = ['introduced', 'worked_on', 'progress', 'met', 'revised', 'dropped'];
  console.log('\nPrecision per status (of the statuses the plan gave matched goals, the share the annotation agrees with):\n');
  console.log(`| set | ${STATUSES.join(' | ')} |`);
  console.log(`|---|${STATUSES.map(() => '---').join('|')}|`);
  for (const [set, { score: s }] of rows) {
    console.log(`| ${set} | ${STATUSES.map((st) => pct(s.byStatus[st]?.correct ?? 0, s.byStatus[st]?.predicted ?? 0)).join(' | ')} |`);
  }
  for (const l of lists.filter((x) => LIST.has(x.split) && x.notes.length > 0)) {
    console.log(`\n${l.split} · ${l.client}`);
    for (const n of l.notes) console.log(`  ${n}`);
  }
}
