/**
 * Risk across a client's sessions: which sessions held risk, and the two patterns a clinician must not
 * miss between sessions: risk that comes back (repeated) and risk that climbs (escalating). Text-free:
 * it works from the detector's summaries (levels and categories), never from what was said.
 *
 * Sources: the C-SSRS ideation ladder (Posner et al. 2011) orders suicidal ideation by severity, and the
 * Columbia lifetime/recent framing makes a rise against the client's own history the signal that warrants
 * re-assessment; recurrence of ideation across sessions predicts later attempts (Joiner 2005, interpersonal
 * theory; Brown et al. 2000).
 */
import { RiskCategorySchema, type RiskCategory, type RiskSummary } from '../../../schemas/risk.js';
import type { RiskAlert, RiskPoint, RiskSeries, SeriesSession } from '../../../schemas/series.js';
import { SUICIDE_LADDER } from '../risk/levels.js';

type Level = RiskSummary['highestLevel'];

const LEVEL_RANK: Record<Level, number> = { none: 0, low: 1, moderate: 2, high: 3 };

/** The C-SSRS ladder (with hopelessness, its warning sign, below it), lowest rung first: a category higher here than any earlier one is an escalation. */
export { SUICIDE_LADDER };

/** A series of this many sessions with findings is repeated risk. */
const REPEATED_SESSIONS = 2;

const CATEGORY_ORDER = new Map(RiskCategorySchema.options.map((c, i) => [c, i]));
const byCategoryOrder = (a: RiskCategory, b: RiskCategory) => CATEGORY_ORDER.get(a)! - CATEGORY_ORDER.get(b)!;

/** The session's highest rung on the ladder (its index), or -1 when it holds no suicide category. */
function topRung(categories: readonly RiskCategory[]): number {
  return Math.max(-1, ...categories.map((c) => SUICIDE_LADDER.indexOf(c)));
}

const rungCategory = (rung: number): RiskCategory | null => (rung < 0 ? null : SUICIDE_LADDER[rung]!);

function repeatedAlert(points: readonly RiskPoint[]): RiskAlert | null {
  const withRisk = points.filter((p) => p.highestLevel !== 'none' && p.categories.length > 0);
  if (withRisk.length < REPEATED_SESSIONS) return null;
  const count = new Map<RiskCategory, number>();
  for (const p of withRisk) for (const c of new Set(p.categories)) count.set(c, (count.get(c) ?? 0) + 1);
  const highest = withRisk.reduce<Level>((top, p) => (LEVEL_RANK[p.highestLevel] > LEVEL_RANK[top] ? p.highestLevel : top), 'none');
  return {
    kind: 'repeated',
    sessionIds: withRisk.map((p) => p.sessionId),
    categories: [...count.keys()].sort(byCategoryOrder),
    recurringCategories: [...count.entries()]
      .filter(([, n]) => n >= REPEATED_SESSIONS)
      .map(([c]) => c)
      .sort(byCategoryOrder),
    highestLevel: highest,
  };
}

/** Each session above every earlier one, by level or on the C-SSRS ladder; the first session has nothing to rise from. */
function escalatingAlerts(points: readonly RiskPoint[]): RiskAlert[] {
  const alerts: RiskAlert[] = [];
  let previousLevel: Level | null = null;
  let previousRung = -1;
  for (const p of points) {
    const rung = topRung(p.categories);
    if (previousLevel !== null) {
      const reasons: Array<'level' | 'suicide_ladder'> = [];
      if (LEVEL_RANK[p.highestLevel] > LEVEL_RANK[previousLevel]) reasons.push('level');
      if (rung > previousRung) reasons.push('suicide_ladder');
      if (reasons.length > 0) {
        alerts.push({
          kind: 'escalating',
          sessionId: p.sessionId,
          date: p.date,
          reasons,
          level: p.highestLevel,
          previousLevel,
          suicideCategory: rungCategory(rung),
          previousSuicideCategory: rungCategory(previousRung),
          categories: p.categories,
        });
      }
    }
    if (previousLevel === null || LEVEL_RANK[p.highestLevel] > LEVEL_RANK[previousLevel]) previousLevel = p.highestLevel;
    previousRung = Math.max(previousRung, rung);
  }
  return alerts;
}

/** Risk across the sessions (already in date order) that carry the detector's summary. */
export function riskSeries(sessions: readonly SeriesSession[]): RiskSeries {
  const points: RiskPoint[] = sessions.flatMap((s) =>
    s.risk
      ? [
          {
            sessionId: s.sessionId,
            date: s.date,
            highestLevel: s.risk.highestLevel,
            categories: [...s.risk.categories].sort(byCategoryOrder),
            reviewRequired: s.risk.reviewRequired,
          },
        ]
      : [],
  );
  const repeated = repeatedAlert(points);
  // Escalation first: it is the alert that asks for action today.
  return { sessions: points, alerts: [...escalatingAlerts(points), ...(repeated ? [repeated] : [])] };
}
