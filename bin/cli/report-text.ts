/**
 * The readable report a clinician sees in a terminal: risk first (before any score: a disclosure
 * outranks everything else in the session), then who spoke and how much, the MI skill counts, the
 * overall and per-dimension alliance scores with one piece of evidence each, flags and rupture markers.
 * The JSON report carries everything; this view chooses what a clinician would look at first.
 */
import type { AllianceBand, AllianceReport, ChallengeFlag, DimensionName, DimensionScore, Evidence, Modality, RuptureMarker } from '../../schemas/alliance.js';
import type { SessionMetrics } from '../../schemas/metrics.js';
import type { Transcript, TranscriptFormat } from '../../schemas/transcript.js';
import { renderRiskBlock } from './risk-text.js';
import { clock, percent, scoreBar, scoreTone, thousands, truncate, wrap, type Paint, type Tone } from './terminal.js';

export interface TextReportOptions {
  paint: Paint;
  /** Columns to fit in (the report never goes past 100). */
  width: number;
}

/** Clinician-facing names, in the order a supervisor reviews them. */
export const DIMENSION_LABELS: Record<DimensionName, string> = {
  therapeuticRelationship: 'Therapeutic relationship',
  collaborativeProgress: 'Collaborative progress',
  therapeuticProcess: 'Therapeutic process',
  therapeuticFramework: 'Therapeutic framework',
  sessionManagement: 'Session management',
};

const FORMAT_LABELS: Record<TranscriptFormat, string> = {
  text: 'plain text',
  vtt: 'WebVTT captions',
  srt: 'SRT captions',
  'transcribe-json': 'Amazon Transcribe JSON',
};

export const SEVERITY_TONE = { high: 'poor', medium: 'fair', low: 'muted' } as const satisfies Record<ChallengeFlag['severity'], Tone>;
export const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const satisfies Record<ChallengeFlag['severity'], number>;

/** Scores start in this column, under one another. */
const LABEL_WIDTH = 28;
const ITEM = '  ';
const INDENT = '      ';

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Words from a machine name: `client_resistance` → `Client resistance`. */
export function humanise(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function renderTextReport(report: AllianceReport, options: TextReportOptions): string {
  const width = Math.min(100, Math.max(60, options.width));
  const ctx: Ctx = { p: options.paint, width };
  const { transcript, metrics, alliance } = report;
  const lines: string[] = [
    title(ctx, report.source),
    ...renderRiskBlock(report.risk, transcript, { paint: ctx.p, width }),
    '',
    ...header(ctx, transcript, metrics),
    '',
  ];
  if (alliance.overall.abstained || alliance.overall.score === null) {
    lines.push(ctx.p.bold('Alliance not scored'));
    lines.push(...wrap(`Why: ${alliance.overall.abstentionReason ?? 'the engine abstained'}`, width, ITEM).map((l) => ctx.p.tone('fair', l)));
  } else {
    lines.push(...overall(ctx, alliance.overall.score), ...meaning(ctx, alliance), '');
    lines.push(...dimensions(ctx, alliance.dimensions, transcript), '');
    if (alliance.goalAgreement) lines.push(...goalAgreement(ctx, alliance.goalAgreement, transcript), '');
    lines.push(...miSkills(ctx, metrics), '');
    lines.push(...flags(ctx, alliance.flags, transcript), '');
    lines.push(...ruptures(ctx, alliance.ruptureMarkers));
  }
  const prov = report.provenance;
  lines.push('', ctx.p.dim(`${prov.engine} engine ${prov.engineVersion} · rubric ${prov.rubricVersion} · ${prov.createdAt}`));
  return `${lines.join('\n')}\n`;
}

interface Ctx {
  p: Paint;
  width: number;
}

function title(ctx: Ctx, source: string): string {
  const name = ` ${truncate(source, ctx.width - 8)} `;
  return ctx.p.bold(`━━${name}${'━'.repeat(Math.max(2, ctx.width - name.length - 2))}`);
}

function header(ctx: Ctx, transcript: Transcript, metrics: SessionMetrics): string[] {
  const { p, width } = ctx;
  const lines: string[] = [];

  const roles = transcript.roleAssignment;
  const how = roles.method === 'explicit' ? 'roles from speaker labels' : `roles inferred, ${percent(roles.confidence)} sure`;
  const howTone = roles.method === 'explicit' || roles.confidence >= 0.8 ? 'good' : roles.confidence >= 0.6 ? 'fair' : 'poor';
  lines.push(`${FORMAT_LABELS[transcript.format]} · ${p.tone(howTone, how)}`);
  // `Therapist = therapist` says nothing; names and diarised labels (`spk_0`) need saying who is who.
  const labels = Object.entries(roles.speakers);
  if (labels.some(([label, role]) => label.toLowerCase() !== role)) {
    const byRole = (['therapist', 'client', 'unknown'] as const)
      .map((role) => [role, labels.filter(([, r]) => r === role).map(([label]) => label)] as const)
      .filter(([, names]) => names.length > 0)
      .map(([role, names]) => `${role}: ${names.join(', ')}`);
    lines.push(...wrap(byRole.join(' · '), width, ITEM));
  }
  if (roles.method === 'inferred') lines.push(...wrap(roles.basis, width, ITEM).map(p.dim));
  for (const warning of transcript.warnings) lines.push(...wrap(warning, width, `${ITEM}  `, `${ITEM}⚠ `).map((l) => p.tone('fair', l)));

  const facts = [
    ...(metrics.timing ? [clock(metrics.timing.durationSeconds)] : []),
    `${thousands(metrics.turns)} turns`,
    `${thousands(metrics.words)} words`,
    ...(metrics.timing ? [`${Math.round(metrics.timing.wordsPerMinute)} words/min`, `${metrics.timing.silences} silences ≥ 3 s`] : ['untimed']),
  ];
  lines.push(facts.join(' · '));
  lines.push(talkShare(ctx, metrics));
  return lines;
}

function talkShare(ctx: Ctx, metrics: SessionMetrics): string {
  const { therapist, client } = metrics.talk;
  const byTime = therapist.secondsShare !== undefined && client.secondsShare !== undefined;
  const tShare = byTime ? therapist.secondsShare! : therapist.wordShare;
  const cShare = byTime ? client.secondsShare! : client.wordShare;
  const cells = 30;
  const total = tShare + cShare;
  const tCells = total === 0 ? 0 : Math.round((tShare / total) * cells);
  const bar = ctx.p.tone('therapist', '█'.repeat(tCells)) + ctx.p.tone('client', '▒'.repeat(total === 0 ? 0 : cells - tCells));
  return `Talk share  therapist ${percent(tShare).padStart(4)} ${bar} ${percent(cShare).padEnd(4)} client ${ctx.p.dim(byTime ? '(by time)' : '(by words)')}`;
}

function overall(ctx: Ctx, score: number): string[] {
  const tone = scoreTone(score);
  const label = ctx.p.bold('Overall alliance'.padEnd(LABEL_WIDTH));
  return [`${label}${ctx.p.bold(ctx.p.tone(tone, String(score).padStart(3)))} ${ctx.p.tone(tone, scoreBar(score))} ${ctx.p.dim('/ 100')}`];
}

const BAND_WORDS = {
  strong: 'strong: clear, consistent evidence of a working alliance',
  adequate: 'adequate: a working alliance with room to grow',
  mixed: 'mixed: evidence both ways, worth a look',
  weak: 'weak: strain outweighs alliance, worth supervision',
} as const satisfies Record<AllianceBand, string>;
const MODALITY_WORDS = {
  mi: 'motivational interviewing',
  cbt: 'structured CBT',
  supportive: 'supportive counselling',
  psychiatric: 'a psychiatric follow-up',
  crisis: 'crisis work',
  peer_support: 'a peer-support chat',
} as const satisfies Record<Modality, string>;

/** What the overall score means (its band), why it was held down, and the kind of work it was read as. */
function meaning(ctx: Ctx, alliance: AllianceReport['alliance']): string[] {
  const parts: string[] = [];
  if (alliance.overall.band) parts.push(`Band ${BAND_WORDS[alliance.overall.band]}.`);
  if (alliance.overall.cappedBecause) parts.push(`Held below 50: ${alliance.overall.cappedBecause}.`);
  if (alliance.modality) parts.push(`Read as ${MODALITY_WORDS[alliance.modality.kind]}, against its norms: ${alliance.modality.cues.join('; ')}.`);
  return wrap(parts.join(' '), ctx.width, INDENT).map(ctx.p.dim);
}

function goalAgreement(ctx: Ctx, ga: DimensionScore, transcript: Transcript): string[] {
  const { p, width } = ctx;
  const label = ITEM + 'Goal agreement'.padEnd(LABEL_WIDTH - ITEM.length);
  if (ga.abstained || ga.score === null)
    return [`${label}${p.dim('  — not scored')}`, ...wrap(ga.abstentionReason ?? 'the engine abstained', width, INDENT).map(p.dim)];
  const tone = scoreTone(ga.score);
  const first = ga.evidence[0];
  return [
    `${label}${p.tone(tone, String(ga.score).padStart(3))} ${p.tone(tone, scoreBar(ga.score))} ${p.dim('goals and tasks (WAI-SR)')}`,
    ...wrap(ga.rationale, width, INDENT).map(p.dim),
    ...(first ? [evidenceLine(ctx, first, transcript)] : []),
  ];
}

function dimensions(ctx: Ctx, dims: Record<DimensionName, DimensionScore>, transcript: Transcript): string[] {
  const { p, width } = ctx;
  const lines: string[] = [];
  for (const name of Object.keys(DIMENSION_LABELS) as DimensionName[]) {
    const dim = dims[name];
    const label = ITEM + DIMENSION_LABELS[name].padEnd(LABEL_WIDTH - ITEM.length);
    if (lines.length > 0) lines.push('');
    if (dim.abstained || dim.score === null) {
      lines.push(`${label}${p.dim('  — not scored')}`);
      lines.push(...wrap(dim.abstentionReason ?? 'the engine abstained', width, INDENT).map(p.dim));
      continue;
    }
    const tone = scoreTone(dim.score);
    lines.push(`${label}${p.tone(tone, String(dim.score).padStart(3))} ${p.tone(tone, scoreBar(dim.score))}`);
    lines.push(...wrap(dim.rationale, width, INDENT).map(p.dim));
    const first = dim.evidence[0];
    if (first) lines.push(evidenceLine(ctx, first, transcript));
  }
  return lines;
}

/** `    t0007 client  “It sounds like…”`: the turn id a reader can look up, and a verbatim quote. */
function evidenceLine(ctx: Ctx, evidence: Evidence, transcript?: Transcript): string {
  const role = transcript?.turns.find((t) => t.id === evidence.turnId)?.role;
  const who = role === undefined || role === 'unknown' ? '' : `${role} `;
  const prefix = `${INDENT}${evidence.turnId} ${who}`;
  const quote = truncate(evidence.quote, ctx.width - prefix.length - 2);
  return `${INDENT}${ctx.p.tone('accent', evidence.turnId)} ${ctx.p.dim(who)}“${quote}”`;
}

function miSkills(ctx: Ctx, metrics: SessionMetrics): string[] {
  const { p } = ctx;
  const t = metrics.therapist;
  const c = metrics.client;
  const row = (label: string, value: string, note: string) => `${ITEM}${label.padEnd(LABEL_WIDTH - ITEM.length)}${value.padEnd(10)}${p.dim(note)}`;
  // MITI 4.2 thresholds for R:Q and %CR; % open questions is the MITI 3.1 summary score.
  const grade = (value: number | null, fair: number, good: number) =>
    value === null ? 'not enough to judge' : value >= good ? 'good' : value >= fair ? 'fair' : 'below fair';
  const rq = t.reflectionToQuestionRatio;
  return [
    p.bold('MI skills (MITI summary)'),
    row('Reflections : questions', rq === null ? '—' : `${rq.toFixed(2)} : 1`, `${grade(rq, 1, 2)} (fair ≥ 1, good ≥ 2)`),
    row(
      'Complex reflections',
      t.percentComplexReflections === null ? '—' : percent(t.percentComplexReflections),
      `${grade(t.percentComplexReflections, 0.4, 0.5)} (fair ≥ 40%, good ≥ 50%)`,
    ),
    row(
      'Open questions',
      t.percentOpenQuestions === null ? '—' : percent(t.percentOpenQuestions),
      `${grade(t.percentOpenQuestions, 0.5, 0.7)} (MITI 3.1: fair ≥ 50%, good ≥ 70%)`,
    ),
    row(
      'Change vs sustain talk',
      `${c.changeTalk} vs ${c.sustainTalk}`,
      c.percentChangeTalk === null ? 'the client voiced neither' : `${percent(c.percentChangeTalk)} change talk`,
    ),
    ...wrap(
      `${count(t.questions.open + t.questions.closed, 'question')} (${t.questions.open} open) · ` +
        `${count(t.reflections.simple + t.reflections.complex, 'reflection')} (${t.reflections.complex} complex) · ` +
        `${count(t.affirmations, 'affirmation')} · ${t.advice.withoutPermission} advice without permission · ` +
        `${count(t.confrontations, 'confrontation')}`,
      ctx.width,
      ITEM,
    ).map(p.dim),
  ];
}

function flags(ctx: Ctx, list: ChallengeFlag[], transcript: Transcript): string[] {
  const { p, width } = ctx;
  if (list.length === 0) return [`${p.bold('Flags')}  ${p.dim('none raised')}`];
  const lines = [p.bold(`Flags (${list.length})`)];
  const sorted = [...list].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  for (const [i, flag] of sorted.entries()) {
    if (i > 0) lines.push('');
    const tone = SEVERITY_TONE[flag.severity];
    lines.push(`${ITEM}${p.tone(tone, `● ${flag.severity.toUpperCase().padEnd(6)}`)} ${p.bold(humanise(flag.type))}`);
    lines.push(...wrap(flag.rationale, width, INDENT));
    for (const e of flag.evidence.slice(0, 2)) lines.push(evidenceLine(ctx, e, transcript));
    lines.push(...wrap(`Try: ${flag.suggestion}`, width, INDENT).map((l) => p.tone('accent', l)));
  }
  return lines;
}

function ruptures(ctx: Ctx, markers: RuptureMarker[]): string[] {
  const { p } = ctx;
  if (markers.length === 0) return [`${p.bold('Rupture markers')}  ${p.dim('none seen')}`];
  const repaired = markers.filter((m) => m.repaired).length;
  const lines = [p.bold(`Rupture markers (${markers.length}, ${repaired} repaired)`)];
  for (const m of markers) {
    const what = `${m.kind} · ${humanise(m.marker).toLowerCase()}`;
    const status = m.repaired ? p.tone('good', `✓ repaired${m.repairTurnId ? ` at ${m.repairTurnId}` : ''}`) : p.tone('poor', '✗ not repaired');
    lines.push(`${ITEM}${p.tone('accent', m.turnId)}  ${what.padEnd(44)} ${status}`);
    if (m.quote.length > 0) lines.push(`${INDENT}“${truncate(m.quote, ctx.width - INDENT.length - 2)}”`);
  }
  return lines;
}
