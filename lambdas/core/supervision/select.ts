/**
 * Which moments the report keeps, and in what order. A supervisor reads a handful of moments, not every count:
 * the report keeps every safety concern, then the most serious of the rest, and up to three strengths (at
 * least one whenever the session showed one), the specific before the general. Ordered safety first, then the
 * relationship, then technique; within each, the most serious first and strengths last.
 */
import type { SupervisionMoment } from '../../../schemas/supervision.js';
import { SEVERITY_RANK } from './phrasing.js';

/** The most moments a report holds (safety concerns are never cut, so a report can hold more of those). */
export const MAX_MOMENTS = 10;
/** The most strengths a report names. */
export const MAX_STRENGTHS = 3;

const DOMAIN_RANK: Record<SupervisionMoment['domain'], number> = { safety: 0, relationship: 1, technique: 2 };

/** `candidates`: every moment found, strengths in the order they are worth keeping. */
export function selectMoments(candidates: readonly SupervisionMoment[]): SupervisionMoment[] {
  const indexed = candidates.map((m, i) => ({ m, i }));
  const strengths = indexed.filter((x) => x.m.kind === 'strength').slice(0, MAX_STRENGTHS);
  const concerns = indexed.filter((x) => x.m.kind !== 'strength');
  const safety = concerns.filter((x) => x.m.domain === 'safety');
  const rest = concerns
    .filter((x) => x.m.domain !== 'safety')
    .sort((a, b) => SEVERITY_RANK[a.m.severity] - SEVERITY_RANK[b.m.severity] || DOMAIN_RANK[a.m.domain] - DOMAIN_RANK[b.m.domain] || a.i - b.i);
  const room = Math.max(0, MAX_MOMENTS - strengths.length - safety.length);
  return [...safety, ...rest.slice(0, room), ...strengths]
    .sort((a, b) => DOMAIN_RANK[a.m.domain] - DOMAIN_RANK[b.m.domain] || SEVERITY_RANK[a.m.severity] - SEVERITY_RANK[b.m.severity] || a.i - b.i)
    .map((x) => x.m);
}
