/**
 * The readable series report: repeated or escalating risk first, then one row per session, which way the
 * alliance is moving on each dimension, the sessions that fell well below the client's own baseline, and
 * the patterns only a series shows. The JSON (`attune trend --json`) carries everything; this is what a
 * supervisor scans. Risk is shown as levels and categories only, never the client's words.
 */
import type { DimensionName } from '../../schemas/alliance.js';
import type { Provenance } from '../../schemas/provenance.js';
import type { RiskSummary } from '../../schemas/risk.js';
import type { AllianceSeries, RiskAlert, RiskSeries, RuptureAlert, SeriesFlag, SeriesSession, Trend } from '../../schemas/series.js';
import { DIMENSION_LABELS, SEVERITY_ORDER, SEVERITY_TONE, humanise } from './report-text.js';
import { flatten, scoreTone, truncate, wrap, type Paint, type Tone } from './terminal.js';

export interface TrendTextOptions {
  paint: Paint;
  /** Columns to fit in (the report never goes past 100). */
  width: number;
  /** How to name the client in the title, when given. */
  client: string | null;
  /** How the sessions were scored (the same engine for all of them). */
  provenance: Provenance;
}

/** Column heads for the five dimensions, explained in the legend under the table. */
const SHORT: Record<DimensionName, string> = {
  therapeuticRelationship: 'Rel',
  collaborativeProgress: 'Col',
  therapeuticProcess: 'Pro',
  therapeuticFramework: 'Fra',
  sessionManagement: 'Man',
};
const DIMENSIONS = Object.keys(DIMENSION_LABELS) as DimensionName[];

const DIRECTION: Record<Trend['direction'], { arrow: string; tone: Tone }> = {
  improving: { arrow: '↗', tone: 'good' },
  stable: { arrow: '→', tone: 'muted' },
  declining: { arrow: '↘', tone: 'poor' },
  insufficient_data: { arrow: '·', tone: 'muted' },
};

const LABEL_WIDTH = 28;
const ITEM = '  ';
const INDENT = '      ';

interface Ctx {
  p: Paint;
  width: number;
}

const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toFixed(1)}`;

export function renderTrendText(series: AllianceSeries, sessions: readonly SeriesSession[], options: TrendTextOptions): string {
  const ctx: Ctx = { p: options.paint, width: Math.min(100, Math.max(60, options.width)) };
  const { p } = ctx;
  const first = series.sessions[0]?.date;
  const last = series.sessions.at(-1)?.date;
  const who = options.client === null ? 'Alliance trend' : `Alliance trend: ${truncate(options.client, 30)}`;
  const span = first === last ? `${first}` : `${first} to ${last}`;
  const title = ` ${who} · ${series.sessions.length} session${series.sessions.length === 1 ? '' : 's'}, ${span} `;
  const prov = options.provenance;
  return `${[
    p.bold(`━━${title}${'━'.repeat(Math.max(2, ctx.width - title.length - 2))}`),
    '',
    ...risk(ctx, series.risk, series),
    '',
    ...table(ctx, series, sessions),
    '',
    ...trends(ctx, series),
    '',
    ...alerts(ctx, series.ruptureAlerts),
    '',
    ...flags(ctx, series.flags),
    '',
    p.dim(`${prov.engine} engine ${prov.engineVersion} · rubric ${prov.rubricVersion} · ${prov.createdAt}`),
  ].join('\n')}\n`;
}

const LEVEL_TONE = { high: 'poor', moderate: 'fair', low: 'muted', none: 'muted' } as const satisfies Record<RiskSummary['highestLevel'], Tone>;
const categories = (list: readonly string[]) => list.map((c) => humanise(c).toLowerCase()).join(', ');

function riskAlertLines(ctx: Ctx, alert: RiskAlert, dateOf: (sessionId: string) => string): string[] {
  const { p, width } = ctx;
  const named = (category: string | null) => (category === null ? 'any earlier session' : humanise(category).toLowerCase());
  if (alert.kind === 'escalating') {
    const rises = [
      ...(alert.reasons.includes('level') ? [`level ${alert.level}, above every earlier session (at most ${alert.previousLevel})`] : []),
      ...(alert.reasons.includes('suicide_ladder')
        ? [`${named(alert.suicideCategory)} on the C-SSRS ladder, above ${named(alert.previousSuicideCategory)}`]
        : []),
    ];
    return [
      `${ITEM}${p.tone(LEVEL_TONE[alert.level], `● ESCALATING  ${alert.date}`)}`,
      ...wrap(`${rises.join('; ')}.`, width, INDENT),
      ...wrap(`Categories: ${categories(alert.categories)}`, width, INDENT).map(p.dim),
    ];
  }
  const recurring = alert.recurringCategories.length > 0 ? `; in two or more sessions: ${categories(alert.recurringCategories)}` : '';
  return [
    `${ITEM}${p.tone(LEVEL_TONE[alert.highestLevel], `● REPEATED  risk in ${alert.sessionIds.length} sessions`)}`,
    ...wrap(`Sessions: ${alert.sessionIds.map((id) => flatten(dateOf(id))).join(', ')}`, width, INDENT),
    ...wrap(`Categories: ${categories(alert.categories)}${recurring}`, width, INDENT).map(p.dim),
  ];
}

function risk(ctx: Ctx, series: RiskSeries, all: AllianceSeries): string[] {
  const { p, width } = ctx;
  const dates = new Map(all.sessions.map((s) => [s.sessionId, s.date]));
  const dateOf = (id: string) => dates.get(id) ?? id;
  const label = `${ITEM}By session  `;
  const perSession = series.sessions.map((s, i) => {
    const found = s.categories.length > 0 ? `: ${categories(s.categories)}` : '';
    return p.dim(`${i === 0 ? label : ' '.repeat(label.length)}${truncate(`${s.date} ${s.highestLevel}${found}`, width - label.length)}`);
  });
  if (series.alerts.length === 0) return [`${p.bold('Risk alerts')}  ${p.dim('none: no repeated or escalating risk')}`, ...perSession];
  const lines = [p.bold(`Risk alerts (${series.alerts.length})`) + p.dim("  levels and categories only; read each session's findings")];
  for (const alert of series.alerts) lines.push(...riskAlertLines(ctx, alert, dateOf));
  return [...lines, ...perSession];
}

/** A score right-aligned in `width` columns and coloured by band; `—` when the engine abstained. */
function scoreCell(ctx: Ctx, score: number | null, width: number): string {
  if (score === null) return ctx.p.dim('—'.padStart(width));
  return ctx.p.tone(scoreTone(score), String(score).padStart(width));
}

function table(ctx: Ctx, series: AllianceSeries, sessions: readonly SeriesSession[]): string[] {
  const { p } = ctx;
  const byId = new Map(sessions.map((s) => [s.sessionId, s]));
  const head = `${ITEM}${'Date'.padEnd(12)}${'Overall'.padStart(7)}${DIMENSIONS.map((d) => SHORT[d].padStart(5)).join('')}${'Flags'.padStart(7)}  Ruptures repaired / not`;
  const rows = series.sessions.map(({ sessionId, date }) => {
    const s = byId.get(sessionId);
    if (s === undefined) return `${ITEM}${date}`;
    const { alliance } = s;
    const overall = alliance.overall.abstained ? null : alliance.overall.score;
    const dims = DIMENSIONS.map((d) => ` ${scoreCell(ctx, alliance.dimensions[d].abstained ? null : alliance.dimensions[d].score, 4)}`).join('');
    const repaired = alliance.ruptureMarkers.filter((m) => m.repaired).length;
    const unrepaired = alliance.ruptureMarkers.length - repaired;
    const ruptures =
      alliance.ruptureMarkers.length === 0
        ? p.dim('none')
        : `${p.tone('good', `${repaired} ✓`)} / ${unrepaired > 0 ? p.tone('poor', `${unrepaired} ✗`) : p.dim('0')}`;
    return `${ITEM}${date.padEnd(12)}${scoreCell(ctx, overall, 7)}${dims}${String(alliance.flags.length).padStart(7)}  ${ruptures}`;
  });
  const legend = DIMENSIONS.map((d) => `${SHORT[d]} ${DIMENSION_LABELS[d].toLowerCase()}`).join(' · ');
  return [p.bold('Sessions'), p.dim(head), ...rows, ...wrap(legend, ctx.width, ITEM).map(p.dim)];
}

function trendLine(ctx: Ctx, label: string, trend: Trend): string {
  const { p } = ctx;
  const name = `${ITEM}${label.padEnd(LABEL_WIDTH - ITEM.length)}`;
  if (trend.direction === 'insufficient_data' || trend.slopePerSession === null) {
    return `${name}${p.dim('not enough scored sessions for a trend (3 needed)')}`;
  }
  const { arrow, tone } = DIRECTION[trend.direction];
  const where = trend.latest === null ? '' : `latest ${trend.latest}${trend.baseline === null ? '' : `, baseline ${trend.baseline.toFixed(1)}`}`;
  return `${name}${p.tone(tone, `${arrow} ${trend.direction.padEnd(10)}`)} ${signed(trend.slopePerSession).padStart(5)} / session   ${p.dim(where)}`;
}

function trends(ctx: Ctx, series: AllianceSeries): string[] {
  return [
    ctx.p.bold('Trends') + ctx.p.dim('  latest against the median of earlier sessions; stable within 5 points or the usual spread'),
    trendLine(ctx, 'Overall alliance', series.overall),
    ...DIMENSIONS.map((d) => trendLine(ctx, DIMENSION_LABELS[d], series.dimensions[d])),
  ];
}

function alerts(ctx: Ctx, list: readonly RuptureAlert[]): string[] {
  const { p, width } = ctx;
  if (list.length === 0) return [`${p.bold('Rupture alerts')}  ${p.dim('no session fell well below the client’s baseline')}`];
  const lines = [p.bold(`Rupture alerts (${list.length})`)];
  for (const a of list) {
    const markers = `${a.ruptureMarkers} rupture marker${a.ruptureMarkers === 1 ? '' : 's'} in session, ${a.unrepairedRuptureMarkers} not repaired`;
    lines.push(`${ITEM}${p.tone('poor', `● ${a.date}`)}  overall ${a.score}, ${a.drop.toFixed(1)} points below the baseline of ${a.baseline.toFixed(1)}`);
    lines.push(...wrap(`alerts below ${a.threshold.toFixed(1)} · ${markers}`, width, INDENT).map(p.dim));
  }
  return lines;
}

function flags(ctx: Ctx, list: readonly SeriesFlag[]): string[] {
  const { p, width } = ctx;
  if (list.length === 0) return [`${p.bold('Series flags')}  ${p.dim('none raised')}`];
  const lines = [p.bold(`Series flags (${list.length})`)];
  const sorted = [...list].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  for (const [i, flag] of sorted.entries()) {
    if (i > 0) lines.push('');
    lines.push(`${ITEM}${p.tone(SEVERITY_TONE[flag.severity], `● ${flag.severity.toUpperCase().padEnd(6)}`)} ${p.bold(humanise(flag.type))}`);
    lines.push(...wrap(flag.rationale, width, INDENT));
    if (flag.sessionIds.length > 0) lines.push(...wrap(`Sessions: ${flag.sessionIds.map(flatten).join(', ')}`, width, INDENT).map(p.dim));
    lines.push(...wrap(`Try: ${flag.suggestion}`, width, INDENT).map((l) => p.tone('accent', l)));
  }
  return lines;
}
