/**
 * Test helpers for the supervision report: write a report from a hand-written transcript, optionally with the
 * alliance's reading replaced (its modality, its rupture markers), so a test of the report does not depend on
 * how the alliance engine happens to read a session today; and the checks every report must pass (no
 * transcript text, no label about a person).
 */
import { expect } from 'vitest';
import { analyzeTranscript, type SessionAnalysis } from '../../../lambdas/core/alliance/engine.js';
import { writeSupervisionReport } from '../../../lambdas/core/supervision/index.js';
import type { Alliance, Modality, RuptureMarker } from '../../../schemas/alliance.js';
import type { SupervisionReport } from '../../../schemas/supervision.js';
import type { Transcript } from '../../../schemas/transcript.js';
import { normalise, wordsOf } from '../../../lambdas/core/metrics/text.js';

export const CREATED_AT = new Date('2026-09-08T18:00:00Z');

/** A rupture marker as the alliance reports it, with the target and repair move it may carry. */
export type MarkerReading = Omit<RuptureMarker, 'quote'> & {
  target?: 'therapist' | 'therapy' | 'task';
  repairKind?: 'owning' | 'apologising' | 'reflecting' | 'inviting_feedback' | 'changing_course';
};

export interface Reading {
  modality?: Modality;
  /** Markers as the alliance would report them; `quote` is filled in (the report never carries it). */
  ruptureMarkers?: MarkerReading[];
  alliance?: Partial<Alliance>;
}

export function analysisOf(transcript: Transcript, reading: Reading = {}): SessionAnalysis {
  const analysis = analyzeTranscript(transcript);
  const alliance: Alliance = { ...analysis.alliance, ...reading.alliance };
  if (reading.modality) alliance.modality = { kind: reading.modality, confidence: 0.9, cues: [] };
  if (reading.ruptureMarkers) alliance.ruptureMarkers = reading.ruptureMarkers.map((m) => ({ ...m, quote: 'not carried into the report' }));
  return { ...analysis, alliance };
}

export function reportOf(transcript: Transcript, reading: Reading = {}): SupervisionReport {
  return writeSupervisionReport({ transcript, analysis: analysisOf(transcript, reading), createdAt: CREATED_AT });
}

/** Every string of the report, lower-cased words joined by single spaces. */
function wordsIn(value: unknown): string {
  return ` ${wordsOf(normalise(JSON.stringify(value))).join(' ')} `;
}

function runs(text: string, n: number): string[] {
  const words = wordsOf(normalise(text));
  const out: string[] = [];
  for (let i = 0; i + n <= words.length; i++) out.push(words.slice(i, i + n).join(' '));
  return out;
}

/**
 * The report carries no session text. Nothing the engine describes may share a run of four words with any turn.
 * An alternative suggests therapist wording, so it may share a stock phrase with what the therapist said ("what
 * would you like"), but never four words of the client's and never a run of six of the therapist's.
 */
export function expectNoSessionText(transcript: Transcript, report: SupervisionReport): void {
  const { moments, ...rest } = report;
  const described = wordsIn([rest, moments.map(({ alternative: _a, ...m }) => m)]);
  const alternatives = wordsIn(moments.map((m) => m.alternative));
  for (const turn of transcript.turns) {
    for (const run of runs(turn.text, 4)) {
      expect(described, `"${run}" from ${turn.id}`).not.toContain(` ${run} `);
      if (turn.role !== 'therapist') expect(alternatives, `"${run}" from ${turn.id}`).not.toContain(` ${run} `);
    }
    if (turn.role === 'therapist') for (const run of runs(turn.text, 6)) expect(alternatives, `"${run}" from ${turn.id}`).not.toContain(` ${run} `);
  }
}

/** Labels about a person, never behaviour (CLINICAL-GUIDE §4). */
export const PERSON_LABELS =
  /\b(?:burn(?:ed|t)?[- ]?out|resistant|resistance|non-?compliant|non-?compliance|poor therapist|bad therapist|incompetent|lazy|unmotivated|manipulative|in denial|attention[- ]seeking|difficult (?:client|patient)|drug[- ]seeking|hysterical|defiant|uncooperative)\b/i;

export function expectNoLabels(report: SupervisionReport): void {
  expect(JSON.stringify(report)).not.toMatch(PERSON_LABELS);
}

/** Every turn a report cites exists in its transcript. */
export function expectCitedTurnsExist(transcript: Transcript, report: SupervisionReport): void {
  const ids = new Set(transcript.turns.map((t) => t.id));
  for (const m of report.moments) for (const id of m.evidence) expect(ids.has(id), `${id} in ${m.what}`).toBe(true);
  for (const s of [...report.alliance.summary, ...(report.summary ?? [])]) for (const id of s.evidence) expect(ids.has(id), `${id} in ${s.text}`).toBe(true);
}
