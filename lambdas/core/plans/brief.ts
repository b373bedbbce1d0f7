/**
 * The pre-session brief: what a clinician reads in the minute before the next session. Risk first (a
 * disclosure and whether its follow-up is open), then the last homework and how it was taken up, the goals
 * and where they stand, measures and the alliance since the last session, and open ruptures. At most
 * MAX_BRIEF_LINES lines, each citing where it came from; what no session held is said as "not found in the
 * sessions" (a gap), never written as if it had happened. Pure.
 */
import type { RiskEpisode } from '../../../schemas/risk.js';
import {
  MAX_BRIEF_LINES,
  type Brief,
  type BriefLine,
  type BriefTopic,
  type GoalAgreementSeries,
  type MeasureSeries,
  type PlanGoal,
} from '../../../schemas/plan.js';
import { RISK_CATEGORY_LABELS } from '../risk/labels.js';
import type { PlanSession } from './session.js';

const gap = (topic: BriefTopic, text: string): BriefLine => ({ topic, text, kind: 'gap', evidence: [] });
const cite = (session: string, turnIds: readonly string[]) => [...new Set(turnIds)].map((turnId) => ({ session, turnId }));
const STATUS_WORDS: Record<PlanGoal['status'], string> = {
  introduced: 'introduced',
  worked_on: 'worked on',
  progress: 'progress reported',
  met: 'met',
  revised: 'revised',
  dropped: 'dropped',
};

/** Risk: open follow-ups (not fully assessed, or high, and not assessed again since), else the latest disclosure and what followed. */
function riskLines(sessions: readonly PlanSession[]): BriefLine[] {
  const episodes = sessions.flatMap((s) => s.risk.episodes.map((episode) => ({ s, episode })));
  if (episodes.length === 0) return [gap('risk', 'Risk: no disclosure found in the sessions.')];
  const what = (e: RiskEpisode) => e.categories.map((c) => RISK_CATEGORY_LABELS[c]).join(', ');
  const reassessed = (at: number, e: RiskEpisode) =>
    episodes.some(({ s, episode }) => sessions.indexOf(s) > at && episode.domain === e.domain && episode.assessment.status === 'assessed');
  const open = episodes.filter(({ s, episode }) => episode.followUpRequired && !reassessed(sessions.indexOf(s), episode));
  if (open.length > 0) {
    return open.slice(0, 2).map(({ s, episode }) => ({
      topic: 'risk',
      text: `Risk follow-up open: ${what(episode)} (${episode.level}) on ${s.date}, ${episode.assessment.status.replace('_', ' ')}.`,
      kind: 'finding',
      evidence: cite(s.session, episode.turnIds),
    }));
  }
  const { s, episode } = episodes.at(-1)!;
  const since = sessions.length - 1 - sessions.indexOf(s);
  const safetyPlan = episode.assessment.asked.some((q) => q.item === 'safety_plan') ? ', safety plan made' : '';
  const after = since === 0 ? 'in the last session' : `no disclosure found in the ${since} session${since === 1 ? '' : 's'} since`;
  return [
    {
      topic: 'risk',
      text: `Risk: ${what(episode)} on ${s.date}, ${episode.assessment.status.replace('_', ' ')}${safetyPlan}; ${after}.`,
      kind: 'finding',
      evidence: cite(s.session, episode.turnIds),
    },
  ];
}

/** The last homework set and how the client took it, and the last review of homework and how it went. */
function homeworkLines(sessions: readonly PlanSession[]): BriefLine[] {
  const lines: BriefLine[] = [];
  const reviewed = [...sessions].reverse().find((s) => s.homework.reviewed.length > 0);
  if (reviewed) {
    const r = reviewed.homework.reviewed;
    lines.push({
      topic: 'homework',
      text: `Homework reviewed ${reviewed.date}: ${r.map((x) => `"${x.quote}" (${x.completion})`).join('; ')}.`,
      kind: 'finding',
      evidence: r.flatMap((x) => cite(reviewed.session, x.turnIds)),
    });
  }
  const set = [...sessions].reverse().find((s) => s.homework.assigned.length > 0);
  if (set) {
    const a = set.homework.assigned;
    lines.push({
      topic: 'homework',
      text: `Homework set ${set.date}: ${a.map((x) => `"${x.quote}" (client ${x.uptake === 'imposed' ? 'did not take it up in their words' : x.uptake})`).join('; ')}.`,
      kind: 'finding',
      evidence: a.flatMap((x) => cite(set.session, x.turnIds)),
    });
  }
  return lines.length > 0 ? lines : [gap('homework', 'Homework: none found in the sessions.')];
}

/** The turn whose words decided where the goal stands after its last session. */
function decidingTurn(goal: PlanGoal, sessions: readonly PlanSession[]): string[] {
  const last = goal.history.at(-1)!;
  const turns = sessions.find((s) => s.session === last.session)?.input.turns ?? [];
  const turn = turns.find((t) => last.turnIds.includes(t.id) && t.text.includes(last.quote));
  return turn ? [turn.id] : last.turnIds.slice(0, 1);
}

function goalLine(goal: PlanGoal, sessions: readonly PlanSession[]): BriefLine {
  const last = goal.history.at(-1)!;
  const measure = goal.measurable === null ? '' : `; measurable: "${goal.measurable}"`;
  return {
    topic: 'goal',
    text: `Goal "${goal.text}": ${STATUS_WORDS[goal.status]} (${last.date})${measure}.`,
    kind: 'finding',
    evidence: cite(last.session, decidingTurn(goal, sessions)),
  };
}

/** One line per goal; past four, three and one line for the rest. */
function goalLines(goals: readonly PlanGoal[], sessions: readonly PlanSession[]): BriefLine[] {
  if (goals.length === 0) return [gap('goal', 'Goals: none found in the sessions.')];
  if (goals.length <= 4) return goals.map((g) => goalLine(g, sessions));
  const rest = goals.slice(3);
  return [
    ...goals.slice(0, 3).map((g) => goalLine(g, sessions)),
    {
      topic: 'goal',
      text: `${rest.length} more goals: ${rest.map((g) => `${g.id} ${STATUS_WORDS[g.status]}`).join(', ')} (see the plan).`,
      kind: 'finding',
      evidence: rest.flatMap((g) => cite(g.history.at(-1)!.session, decidingTurn(g, sessions))),
    },
  ];
}

const point = (value: number, band: string | null) => (band === null ? `${value}` : `${value} (${band})`);
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0');
const citePoint = (p: MeasureSeries['points'][number]) => (p.session !== undefined ? [{ session: p.session, ...(p.turnId ? { turnId: p.turnId } : {}) }] : []);

function measureLines(series: readonly MeasureSeries[]): BriefLine[] {
  if (series.length === 0) return [gap('measure', 'Measures: no score found in the sessions.')];
  const lines: BriefLine[] = [];
  for (const m of series.filter((x) => x.change !== null)) {
    const c = m.change!;
    const responseAt = Math.floor(c.baseline.value * (1 - m.criteria!.responseFraction));
    lines.push({
      topic: 'measure',
      text:
        `${m.instrument} ${point(c.latest.value, c.latest.band)} on ${c.latest.date}, from ${point(c.baseline.value, c.baseline.band)} on ${c.baseline.date}: ` +
        `${signed(c.difference)}, ${c.reliableChange.replaceAll('_', ' ')}; response ${c.response ? 'yes' : `not yet (≤ ${responseAt})`}; remission ${c.remission ? 'yes' : 'not yet'}.`,
      kind: 'finding',
      evidence: [...citePoint(c.baseline), ...citePoint(c.latest)],
    });
  }
  const raw = series.filter((x) => x.change === null);
  if (raw.length > 0) {
    const name = (m: MeasureSeries) => (m.instrument === 'rating' ? `${m.ratingOf ?? 'rating'} (0–${m.scale.max})` : m.instrument);
    lines.push({
      topic: 'measure',
      text: `Other measures: ${raw.map((m) => `${name(m)} ${m.points.map((p) => p.value).join(' → ')}`).join('; ')}.`,
      kind: 'finding',
      evidence: raw.flatMap((m) => citePoint(m.points.at(-1)!)),
    });
  }
  return lines;
}

function allianceLine(sessions: readonly PlanSession[], goalAgreement: GoalAgreementSeries): BriefLine {
  const last = sessions.at(-1)!;
  const previous = sessions.at(-2);
  const overall = (s: PlanSession) => (s.alliance.overall.abstained ? 'not scored' : `${s.alliance.overall.score}`);
  const ga = (s: PlanSession) => goalAgreement.points.find((p) => p.session === s.session)?.score ?? 'not scored';
  const before = previous ? ` (previous ${overall(previous)})` : '';
  const gaBefore = previous ? ` (previous ${ga(previous)})` : '';
  const trend = goalAgreement.direction === 'insufficient_data' ? '' : `, trend ${goalAgreement.direction}`;
  return {
    topic: 'alliance',
    text: `Alliance ${last.date}: overall ${overall(last)}${before}; Goal Agreement ${ga(last)}${gaBefore}${trend}.`,
    kind: 'finding',
    // A reading of the whole session: cited by session.
    evidence: [{ session: last.session }],
  };
}

function ruptureLine(sessions: readonly PlanSession[]): BriefLine {
  const markers = sessions.flatMap((s) => s.alliance.ruptureMarkers.map((m) => ({ s, m })));
  const open = markers.filter(({ m }) => !m.repaired);
  if (open.length > 0) {
    return {
      topic: 'rupture',
      text: `Open rupture${open.length > 1 ? 's' : ''}: ${open.map(({ s, m }) => `${m.kind} on ${s.date}`).join(', ')}, not repaired in session.`,
      kind: 'finding',
      evidence: open.map(({ s, m }) => ({ session: s.session, turnId: m.turnId })),
    };
  }
  if (markers.length === 0) return gap('rupture', 'Ruptures: none found in the sessions.');
  const { s } = markers.at(-1)!;
  const those = markers.filter((x) => x.s === s);
  return {
    topic: 'rupture',
    text: `Ruptures: none open; the last, on ${s.date} (${those.map(({ m }) => m.kind).join(', ')}), repaired in session.`,
    kind: 'finding',
    evidence: cite(
      s.session,
      those.flatMap(({ m }) => [m.turnId, ...(m.repairTurnId ? [m.repairTurnId] : [])]),
    ),
  };
}

/**
 * The brief for the session after the last one given.
 *
 * @example
 * writeBrief(sessions, goals, series, goalAgreement).lines[0];
 * // { topic: 'risk', text: 'Risk: passive suicidal ideation on 2026-09-08, assessed, safety plan made; no disclosure found in the 3 sessions since.', … }
 */
export function writeBrief(
  sessions: readonly PlanSession[],
  goals: readonly PlanGoal[],
  series: readonly MeasureSeries[],
  goalAgreement: GoalAgreementSeries,
): Brief {
  const lines = [
    ...riskLines(sessions),
    ...homeworkLines(sessions),
    ...goalLines(goals, sessions),
    ...measureLines(series),
    allianceLine(sessions, goalAgreement),
    ruptureLine(sessions),
  ];
  // Over the limit, the raw measures line goes first (the series are in the plan), then goal lines fold.
  while (lines.length > MAX_BRIEF_LINES) {
    const other = lines.findIndex((l) => l.topic === 'measure' && l.text.startsWith('Other measures'));
    lines.splice(other >= 0 ? other : lines.findLastIndex((l) => l.topic === 'goal'), 1);
  }
  return { afterSession: sessions.at(-1)!.session, lines };
}
