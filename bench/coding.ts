/**
 * Behaviour coding against the AnnoMI experts' utterance codes: precision, recall and F1 per code for the
 * therapist's main behaviour (reflection, question, input, other) and the client's talk (change, neutral,
 * sustain), with macro-F1, each reported separately for the even- and odd-numbered sessions.
 *
 * The halves are a development discipline: coding rules are studied only on errors of the even half
 * (scratch scripts list them), and the odd half is read as held out, as a number and never error by error.
 * Utterances are coded in session context, exactly as the engine codes them (`codeSession`).
 */
import type { Transcript, Turn } from '../schemas/transcript.js';
import { codeSession } from '../lambdas/core/metrics/coded-session.js';

export const THERAPIST_CODES = ['reflection', 'question', 'input', 'other'] as const;
export const CLIENT_CODES = ['change', 'neutral', 'sustain'] as const;
export type Half = 'even' | 'odd';

/** One AnnoMI utterance with the experts' code and ours. */
export interface CodedUtterance {
  session: number;
  half: Half;
  /** Position in the session, 0-based. */
  index: number;
  role: 'therapist' | 'client';
  text: string;
  gold: string;
  predicted: string;
}

export interface CodeScore {
  code: string;
  precision: number;
  recall: number;
  f1: number;
  /** Utterances the experts gave this code. */
  support: number;
}

export interface RoleScores {
  codes: CodeScore[];
  macroF1: number;
}

export interface HalfScores {
  utterances: number;
  therapist: RoleScores;
  client: RoleScores;
}

export type CodingAgreement = Record<Half, HalfScores>;

const GOLD_THERAPIST: Record<string, string> = { therapist_input: 'input' };

/** Every utterance of the AnnoMI rows (utterances.csv), coded as the engine codes a session. */
export function codeAnnomiUtterances(rows: readonly Record<string, string>[]): CodedUtterance[] {
  const bySession = new Map<number, Record<string, string>[]>();
  for (const r of rows) {
    const id = Number(r.transcript_id);
    bySession.set(id, [...(bySession.get(id) ?? []), r]);
  }
  const out: CodedUtterance[] = [];
  for (const [session, utterances] of bySession) {
    const turns: Turn[] = utterances.map((u, i) => ({
      id: `t${String(i + 1).padStart(4, '0')}`,
      role: u.interlocutor === 'therapist' ? 'therapist' : 'client',
      speaker: u.interlocutor === 'therapist' ? 'Therapist' : 'Client',
      text: u.utterance_text!.trim() || '…',
    }));
    const transcript: Transcript = {
      format: 'text',
      turns,
      roleAssignment: { method: 'explicit', confidence: 1, speakers: { Therapist: 'therapist', Client: 'client' }, basis: `AnnoMI ${session}` },
      timed: false,
      warnings: [],
    };
    const coded = codeSession(transcript);
    const half: Half = session % 2 === 0 ? 'even' : 'odd';
    for (const [index, t] of coded.turns.entries()) {
      const u = utterances[index]!;
      if (t.therapist) {
        const gold = u.main_therapist_behaviour!;
        out.push({ session, half, index, role: 'therapist', text: t.turn.text, gold: GOLD_THERAPIST[gold] ?? gold, predicted: t.therapist.primary });
      } else if (t.client) {
        out.push({ session, half, index, role: 'client', text: t.turn.text, gold: u.client_talk_type!, predicted: t.client });
      }
    }
  }
  return out;
}

function scoresOf(utterances: readonly CodedUtterance[], codes: readonly string[]): RoleScores {
  const scored = codes.map((code) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const u of utterances) {
      if (u.gold === code && u.predicted === code) tp++;
      else if (u.predicted === code) fp++;
      else if (u.gold === code) fn++;
    }
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { code, precision, recall, f1, support: tp + fn };
  });
  return { codes: scored, macroF1: scored.reduce((s, c) => s + c.f1, 0) / scored.length };
}

/** Per-code agreement for each half of the sessions. */
export function codingAgreement(rows: readonly Record<string, string>[]): CodingAgreement {
  const all = codeAnnomiUtterances(rows);
  const half = (h: Half): HalfScores => {
    const mine = all.filter((u) => u.half === h);
    return {
      utterances: mine.length,
      therapist: scoresOf(
        mine.filter((u) => u.role === 'therapist'),
        THERAPIST_CODES,
      ),
      client: scoresOf(
        mine.filter((u) => u.role === 'client'),
        CLIENT_CODES,
      ),
    };
  };
  return { even: half('even'), odd: half('odd') };
}

/** The agreement as a plain-text table, both halves side by side. */
export function formatCodingTable(agreement: CodingAgreement): string {
  const pct = (x: number) => `${Math.round(x * 100)}`.padStart(3);
  const lines = [
    'Coders vs expert utterance codes   even (development)        odd (held out)',
    '                                   P    R   F1  support      P    R   F1  support',
  ];
  for (const role of ['therapist', 'client'] as const) {
    const even = agreement.even[role];
    const odd = agreement.odd[role];
    for (const [i, c] of even.codes.entries()) {
      const o = odd.codes[i]!;
      lines.push(
        `  ${`${role} ${c.code}`.padEnd(32)} ${pct(c.precision)}  ${pct(c.recall)}  ${pct(c.f1)}  ${String(c.support).padStart(6)}    ${pct(o.precision)}  ${pct(o.recall)}  ${pct(o.f1)}  ${String(o.support).padStart(6)}`,
      );
    }
    lines.push(`  ${`${role} macro-F1`.padEnd(32)}           ${pct(even.macroF1)}                      ${pct(odd.macroF1)}`);
  }
  return lines.join('\n');
}
