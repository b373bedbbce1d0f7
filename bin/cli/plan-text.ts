/**
 * `attune plan`'s report for a human: the brief first (what to read before the next session), then the goals
 * with their history, the measures with change, the Goal Agreement trend and the treatment plan draft. Every
 * line ends with where it came from, `[session turn …]`. The JSON (`--json`) carries everything.
 */
import type { ClientPlan, MeasureSeries, PlanCitation, PlanItem } from '../../schemas/plan.js';

const STATUS: Record<ClientPlan['goals'][number]['status'], string> = {
  introduced: 'introduced',
  worked_on: 'worked on',
  progress: 'progress',
  met: 'met',
  revised: 'revised',
  dropped: 'dropped',
};

/** `[2026-09-01 t0020; 2026-09-29 t0001 t0002]`: the citations grouped by session, in order. */
export function citation(evidence: readonly PlanCitation[]): string {
  if (evidence.length === 0) return '';
  const bySession = new Map<string, string[]>();
  for (const c of evidence) {
    const turns = bySession.get(c.session) ?? [];
    if (c.turnId !== undefined && !turns.includes(c.turnId)) turns.push(c.turnId);
    bySession.set(c.session, turns);
  }
  return ` [${[...bySession].map(([session, turns]) => [session, ...turns.slice(0, 4), ...(turns.length > 4 ? ['…'] : [])].join(' ')).join('; ')}]`;
}

const item = (i: PlanItem, indent = '  ') => `${indent}• ${i.text}${citation(i.evidence)}`;

function measureLines(series: readonly MeasureSeries[]): string[] {
  if (series.length === 0) return ['  No score found in the sessions.'];
  return series.flatMap((m) => {
    const name = m.instrument === 'rating' ? `${m.ratingOf ?? 'rating'} (0–${m.scale.max})` : m.instrument;
    const points = m.points.map((p) => `${p.value}${p.band ? ` (${p.band})` : ''} ${p.date}${p.session === undefined ? ` ${p.source}` : ''}`).join(' → ');
    const lines = [`  ${name}: ${points}${citation(m.points.flatMap((p) => (p.session ? [{ session: p.session, turnId: p.turnId }] : [])))}`];
    if (m.change && m.criteria) {
      const c = m.change;
      const sign = c.difference > 0 ? '+' : c.difference < 0 ? '−' : '±';
      lines.push(
        `    change ${sign}${Math.abs(c.difference)} from baseline: ${c.reliableChange.replaceAll('_', ' ')} (reliable at ${m.criteria.reliableChangePoints} points); ` +
          `response ${c.response ? 'yes' : 'not yet'}; remission ${c.remission ? 'yes' : 'not yet'} (< ${m.criteria.remissionBelow})`,
      );
    } else if (m.points.length > 1) lines.push('    raw series: no published change criteria applied');
    return lines;
  });
}

export function renderPlanText(plan: ClientPlan, client: string | null): string {
  const first = plan.sessions[0]!.date;
  const last = plan.sessions.at(-1)!.date;
  const title = `━━ Plan${client === null ? '' : `: ${client.slice(0, 30)}`} · ${plan.sessions.length} session${plan.sessions.length === 1 ? '' : 's'}, ${first} to ${last} `;
  const out: string[] = [title.padEnd(100, '━'), '', `Brief for the session after ${plan.brief.afterSession}`];
  out.push(...plan.brief.lines.map((l) => `  • ${l.text}${citation(l.evidence)}`));

  out.push('', 'Goals');
  if (plan.goals.length === 0) out.push('  No goal found in the sessions.');
  for (const g of plan.goals) {
    const measure = g.measurable === null ? '' : ` · measurable "${g.measurable}"`;
    const target = g.targetDate === null ? '' : ` · target "${g.targetDate}"`;
    out.push(`  ${g.id} "${g.text}": ${STATUS[g.status]}${measure}${target}`);
    for (const e of g.history)
      out.push(`    ${e.date}  ${STATUS[e.status].padEnd(11)} "${e.quote}"${citation(e.turnIds.map((turnId) => ({ session: e.session, turnId })))}`);
  }

  out.push('', 'Measures', ...measureLines(plan.measureSeries));

  const ga = plan.goalAgreement;
  out.push('', `Goal Agreement: ${ga.points.map((p) => (p.score === null ? '—' : `${p.score}`)).join(' → ')} (trend ${ga.direction.replace('_', ' ')})`);

  out.push('', 'Treatment plan (draft)', ' Problems', ...plan.plan.problems.map((p) => item(p)));
  out.push(' Goals and objectives');
  for (const g of plan.plan.goals) {
    out.push(`  ${g.goalId} "${g.text}"${g.targetDate === null ? '' : ` (target: ${g.targetDate})`}${citation(g.evidence)}`);
    out.push(...g.objectives.map((o) => item(o, '    ')));
  }
  out.push(' Interventions');
  for (const i of plan.plan.interventions) out.push(`  • ${i.label} (${i.modality}), ${i.state} ${i.sessions.join(', ')}${citation(i.evidence)}`);
  out.push(...plan.plan.gaps.map((g) => item(g)));
  return `${out.join('\n')}\n`;
}
