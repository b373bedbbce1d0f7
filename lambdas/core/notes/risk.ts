/**
 * Risk statements: every mention of suicidal ideation, self-harm or harm to others in the client's words,
 * with what the therapist was heard doing about it. The engine reports; the clinician judges. Nothing is
 * ever dropped, a mention in the last turn included, and each statement says only what the transcript
 * shows (a plan question that was never asked is never reported as answered).
 */
import type { NoteSentence, RiskStatement } from '../../../schemas/note.js';
import type { Transcript } from '../../../schemas/transcript.js';
import { normalise } from '../metrics/text.js';
import { ids, joinClauses, namesIn, quoteAround, sentence } from './phrasing.js';
import {
  ASSESSMENT_ITEMS,
  CLIENT_ASSENT,
  CLIENT_DENIAL,
  DENIAL_BEFORE,
  PROTECTIVE,
  RISK_CUES,
  SAFETY_PLAN_MADE,
  SAFETY_PLAN_PARTS,
  type AssessmentItem,
  type RiskCue,
  type RiskType,
} from './risk-lexicon.js';

/** Mentions of one kind this close (in turns) are one disclosure. */
const EPISODE_GAP_TURNS = 8;
/** The therapist has this many turns after the last mention to be heard assessing it. */
const ASSESSMENT_WINDOW_TURNS = 20;
/** A client answer counts for a question when it comes within this many turns. */
const ANSWER_WINDOW_TURNS = 2;

interface Mention {
  index: number;
  cue: RiskCue;
  quote: string | null;
}

/** A risk statement and the same text split into sentences, each with its own evidence, for the note. */
export interface AssessedRisk {
  statement: RiskStatement;
  sentences: NoteSentence[];
  /** The whole statement in one sentence, for a narrative note. */
  summary: NoteSentence;
}

const DISCLOSURE_VERB: Record<RiskType, string> = {
  suicidal_ideation: 'disclosed',
  self_harm: 'described',
  harm_to_others: 'expressed',
};

const ITEM_WORDS: Record<Exclude<AssessmentItem, 'ideation' | 'safetyPlan'>, string> = {
  plan: 'a plan',
  intent: 'intent',
  means: 'access to means',
  history: 'prior attempts',
};

// Compiled once: the cues are matched against every client turn.
const GLOBAL_CUES = RISK_CUES.map((cue) => ({ cue, global: new RegExp(cue.pattern.source, 'g') }));

function mentionsIn(transcript: Transcript, names: ReadonlySet<string>): Mention[] {
  const mentions: Mention[] = [];
  for (const [index, turn] of transcript.turns.entries()) {
    // Role inference can fail; a disclosure must not be lost because its speaker was not recognised.
    if (turn.role === 'therapist') continue;
    const norm = normalise(turn.text);
    const found = new Map<RiskType, Mention>();
    for (const { cue, global } of GLOBAL_CUES) {
      if (!cue.pattern.test(norm)) continue;
      for (const m of norm.matchAll(global)) {
        if (DENIAL_BEFORE.test(norm.slice(Math.max(0, m.index - 60), m.index))) continue;
        const existing = found.get(cue.type);
        // Active ideation outranks passive in the same turn.
        if (!existing || (existing.cue.passive && !cue.passive)) {
          found.set(cue.type, { index, cue, quote: quoteAround(turn.text, cue.pattern, names) });
        }
        break;
      }
    }
    mentions.push(...found.values());
  }
  return mentions;
}

function episodesOf(mentions: Mention[]): Mention[][] {
  const episodes: Mention[][] = [];
  for (const type of ['suicidal_ideation', 'self_harm', 'harm_to_others'] as const) {
    let current: Mention[] = [];
    for (const m of mentions.filter((x) => x.cue.type === type)) {
      const last = current.at(-1);
      if (last && m.index - last.index > EPISODE_GAP_TURNS) {
        episodes.push(current);
        current = [];
      }
      current.push(m);
    }
    if (current.length > 0) episodes.push(current);
  }
  return episodes.sort((a, b) => a[0]!.index - b[0]!.index);
}

interface Asked {
  question: string;
  answer?: string;
  denied: boolean;
}

function nextClientAnswer(transcript: Transcript, from: number): { id: string; norm: string } | undefined {
  for (let i = from + 1; i <= Math.min(from + ANSWER_WINDOW_TURNS, transcript.turns.length - 1); i++) {
    const t = transcript.turns[i]!;
    if (t.role === 'therapist') return undefined;
    return { id: t.id, norm: normalise(t.text) };
  }
  return undefined;
}

function assess(transcript: Transcript, episode: Mention[]): AssessedRisk {
  const first = episode[0]!;
  const type = first.cue.type;
  const active = episode.find((m) => !m.cue.passive);
  const label = (active ?? first).cue.label;
  const disclosureIds = episode.map((m) => transcript.turns[m.index]!.id);
  const quotes = [...new Set(episode.map((m) => m.quote).filter((q): q is string => q !== null))].slice(0, 2);
  const disclosure = `Client ${DISCLOSURE_VERB[type]} ${label}${quotes.length > 0 ? ` (${quotes.map((q) => `"${q}"`).join('; ')})` : ''}.`;
  const sentences: NoteSentence[] = [sentence(disclosure, disclosureIds)];

  const end = Math.min(transcript.turns.length - 1, episode.at(-1)!.index + ASSESSMENT_WINDOW_TURNS);
  const asked = new Map<AssessmentItem, Asked>();
  const planTurns: string[] = [];
  const parts = new Set<string>();
  let planMade = false;
  let lastPlanTurn = -1;
  const protective: { phrase: string; id: string }[] = [];
  for (let i = first.index + 1; i <= end; i++) {
    const turn = transcript.turns[i]!;
    const norm = normalise(turn.text);
    if (turn.role !== 'therapist') {
      for (const p of PROTECTIVE) if (p.pattern.test(norm) && !protective.some((x) => x.phrase === p.phrase)) protective.push({ phrase: p.phrase, id: turn.id });
      continue;
    }
    for (const item of Object.keys(ASSESSMENT_ITEMS) as AssessmentItem[]) {
      if (asked.has(item) || !ASSESSMENT_ITEMS[item].test(norm)) continue;
      const answer = nextClientAnswer(transcript, i);
      asked.set(item, { question: turn.id, ...(answer ? { answer: answer.id } : {}), denied: answer !== undefined && CLIENT_DENIAL.test(answer.norm) });
    }
    const named = SAFETY_PLAN_PARTS.filter((p) => p.pattern.test(norm));
    if (named.length > 0 || /\bsafety plan\b/.test(norm)) {
      planTurns.push(turn.id);
      lastPlanTurn = i;
      for (const p of named) parts.add(p.phrase);
    }
    if (SAFETY_PLAN_MADE.test(norm)) planMade = true;
  }
  // Protective statements made in the disclosure turns themselves count too.
  for (const m of episode) {
    const norm = normalise(transcript.turns[m.index]!.text);
    for (const p of PROTECTIVE) if (p.pattern.test(norm) && !protective.some((x) => x.phrase === p.phrase)) protective.push({ phrase: p.phrase, id: transcript.turns[m.index]!.id });
  }

  const questions = (['plan', 'intent', 'means', 'history'] as const).filter((item) => asked.has(item));
  if (questions.length > 0) {
    const denied = questions.filter((q) => asked.get(q)!.denied);
    const unclear = questions.filter((q) => !asked.get(q)!.denied);
    const clarified = asked.has('ideation') ? 'clarified the nature of the thoughts and ' : '';
    let answer: string;
    if (unclear.length === 0) answer = questions.length === 1 ? 'Client denied it' : 'Client answered no to each';
    else if (denied.length === 0) answer = 'the answers were not clear denials and need review in the transcript';
    else answer = `Client denied ${joinClauses(denied.map((q) => ITEM_WORDS[q]))}; the answer about ${joinClauses(unclear.map((q) => ITEM_WORDS[q]))} was not a clear denial and needs review`;
    const evidence = questions.flatMap((q) => [asked.get(q)!.question, asked.get(q)!.answer ?? asked.get(q)!.question]);
    if (asked.has('ideation')) evidence.push(asked.get('ideation')!.question);
    sentences.push(sentence(`Therapist ${clarified}asked about ${joinClauses(questions.map((q) => ITEM_WORDS[q]))}; ${answer}.`, evidence));
  } else if (asked.has('ideation')) {
    sentences.push(sentence('Therapist asked about the nature of the thoughts; no questions about plan, intent or means were heard.', [asked.get('ideation')!.question]));
  } else if (planTurns.length === 0) {
    sentences.push(sentence('No assessment of plan, intent or means was heard after the disclosure.', disclosureIds));
  }
  if (protective.length > 0) {
    sentences.push(sentence(`Client ${joinClauses(protective.map((p) => p.phrase))}.`, protective.map((p) => p.id)));
  }
  if (planTurns.length > 0) {
    const assent = lastPlanTurn >= 0 ? nextClientAnswer(transcript, lastPlanTurn) : undefined;
    const agreed = assent !== undefined && CLIENT_ASSENT.test(assent.norm) && !CLIENT_DENIAL.test(assent.norm);
    const listed = parts.size > 0 ? ` (${joinClauses([...parts])})` : '';
    const verb = planMade ? 'A safety plan was developed in session' : 'The safety plan was reviewed';
    sentences.push(sentence(`${verb}${listed}${agreed ? ', and Client agreed to it' : ''}.`, [...planTurns, ...(agreed ? [assent.id] : [])]));
  }
  const assessedInSession = questions.length > 0 || asked.has('ideation') || planTurns.length > 0;
  const allDenied = questions.length > 0 && questions.every((q) => asked.get(q)!.denied);
  const heard = !assessedInSession
    ? 'no risk assessment was heard after it'
    : [
        questions.length > 0 ? `Therapist assessed ${joinClauses(questions.map((q) => ITEM_WORDS[q]))}${allDenied ? ', which Client denied' : ''}` : 'Therapist explored it',
        planTurns.length > 0 ? `a safety plan was ${planMade ? 'developed' : 'reviewed'}` : '',
      ].filter((p) => p.length > 0).join(', and ');
  return {
    statement: {
      type,
      text: sentences.map((s) => s.text).join(' '),
      evidence: ids(sentences.flatMap((s) => s.evidence)),
      assessedInSession,
      requiresClinicianReview: true,
    },
    sentences,
    summary: sentence(`${disclosure.slice(0, -1)}; ${heard}.`, sentences.flatMap((s) => s.evidence)),
  };
}

/** Every risk disclosure in the session with the assessment heard after it, in the order they were made. */
export function assessRisks(transcript: Transcript, names: ReadonlySet<string> = namesIn(transcript)): AssessedRisk[] {
  return episodesOf(mentionsIn(transcript, names)).map((episode) => assess(transcript, episode));
}

/**
 * Any mention of suicidal ideation (passive included), self-harm or harm to others in the client's turns,
 * each as a clinical sentence with its evidence. Always for clinician review.
 *
 * @example
 * findRiskStatements(parseTranscript('Therapist: How are you?\nClient: Some nights I wish I could just not wake up.'));
 * // [{ type: 'suicidal_ideation', text: 'Client disclosed passive suicidal ideation (…). No assessment …', assessedInSession: false, … }]
 */
export function findRiskStatements(transcript: Transcript): RiskStatement[] {
  return assessRisks(transcript).map((r) => r.statement);
}
