/**
 * The note's risk statements, written from the risk module's report (core/risk): the client's words for
 * Subjective/Data, the finding and what was asked for Assessment/Response, and "risk follow-up required"
 * for the Plan when the cited questions do not cover what the C-SSRS screener asks. Nothing is ever
 * dropped, and no sentence claims an assessment its cited turns do not show: what was not asked is a
 * documentation gap, with no citation.
 */
import type { NoteSentence, RiskStatement } from '../../../schemas/note.js';
import type { RiskEpisode, RiskFinding, RiskReport } from '../../../schemas/risk.js';
import type { Transcript } from '../../../schemas/transcript.js';
import { detectRisk } from '../risk/index.js';
import { ASSESSMENT_ITEM_LABELS, RISK_CATEGORY_LABELS } from '../risk/labels.js';
import { SUICIDE_LADDER } from '../risk/levels.js';
import { noteQuote, quoteAround } from './extract/quote.js';
import { capitalise, gap, ids, joinClauses, namesIn, sentence } from './phrasing.js';

/** One disclosure, as the note writes it. */
export interface AssessedRisk {
  statement: RiskStatement;
  /** The client's words (Subjective, Data, Behavior). */
  disclosure: NoteSentence;
  /** The finding in clinical terms (Assessment, Response). */
  finding: NoteSentence;
  /** What was asked and answered, and what was not (Assessment, Response). */
  assessment: NoteSentence[];
  /** "Risk follow-up required" for the Plan, when not fully assessed. */
  followUp: NoteSentence | null;
  /** Every sentence above, in reading order. */
  sentences: NoteSentence[];
  /** The whole statement in one sentence, for a narrative note. */
  summary: NoteSentence;
}

const MAX_QUOTE = 160;
const RECENCY_WORDS: Record<RiskFinding['recency'], string> = { current: '', recent: ', recent', past: ', in the past', unspecified: '' };

/** A short verbatim quote, names taken out (a note never carries names from the transcript). */
function quoteOf(finding: RiskFinding, names: ReadonlySet<string>): string {
  let quote = finding.quote.replace(/\s+/g, ' ').trim();
  // A name is left out with an ellipsis: the pieces either side stay verbatim, so a reader finds them in the turn.
  for (const name of names)
    quote = quote
      .replace(new RegExp(`\\s*\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b\\s*`, 'gi'), ' … ')
      .replace(/^ … |(?: … )+$/g, '')
      .trim();
  if (quote.length > MAX_QUOTE) quote = `${quote.slice(0, MAX_QUOTE).replace(/\s+\S*$/, '')} …`;
  return quote.replace(/"/g, "'");
}

/** The most serious category first: up the C-SSRS ladder, then the rest in the order found. */
function ordered(categories: readonly RiskEpisode['categories'][number][]): RiskEpisode['categories'][number][] {
  const rank = (c: string) => {
    const i = SUICIDE_LADDER.indexOf(c as never);
    return i < 0 ? 100 : -i;
  };
  return [...categories].sort((a, b) => rank(a) - rank(b));
}

/** What each question covered, in this episode's terms: for suicide, "thoughts" is C-SSRS 2, active thoughts. */
function itemWords(episode: RiskEpisode, item: keyof typeof ASSESSMENT_ITEM_LABELS): string {
  if (item === 'thoughts' && episode.domain === 'suicide') return 'active suicidal thoughts';
  return ASSESSMENT_ITEM_LABELS[item];
}

/** Words a risk quote is centred on, so a short quote holds the disclosure rather than its preamble. */
const RISK_ANCHORS = [
  'die',
  'dying',
  'dead',
  'death',
  'kill',
  'suicid',
  'end',
  'cut',
  'hurt',
  'harm',
  'wake',
  'gone',
  'better',
  'pill',
  'tablet',
  'overdos',
  'hang',
  'jump',
  'plan',
  'hit',
  'push',
  'hopeless',
  'point',
  'burden',
  'gun',
  'rope',
  'bridge',
  'voices',
  'starv',
  'sick',
  'drunk',
  'drink',
  'touch',
  'scared',
  'threat',
  'weapon',
  'knife',
  'bruise',
];

/** A few words of a turn, verbatim, for a sentence to show what it rests on; null when it would carry a name. */
function turnQuote(text: string | undefined, names: ReadonlySet<string>, words = 12): string | null {
  if (text === undefined) return null;
  const pieces = text.split(/(?<=[.?!])\s+/).filter((s) => /[a-z]/i.test(s));
  // A question turn is quoted by its question; an answer by its first words.
  const first = pieces.find((s) => /\?\s*$/.test(s)) ?? pieces[0] ?? text;
  const q = quoteAround(first, [], names, words);
  return q === null ? null : noteQuote(q, words);
}

function assess(
  episode: RiskEpisode,
  findings: readonly RiskFinding[],
  names: ReadonlySet<string>,
  turnText: (id: string) => string | undefined,
  answerAfterTurn: (id: string) => string | undefined,
): AssessedRisk {
  const own = findings.filter((f) => episode.turnIds.includes(f.turnId) && episode.categories.includes(f.category));
  const categories = ordered(episode.categories);
  const labels = categories.map((c) => RISK_CATEGORY_LABELS[c]);
  const sure = own.filter((f) => !f.uncertain);
  const quotes = [...new Set(own.map((f) => quoteOf(f, names)))].slice(0, 2);
  const recency = RECENCY_WORDS[episode.recency];
  const lead =
    sure.length > 0
      ? `Client described ${joinClauses(labels)}${recency}`
      : `Client made statements that may indicate ${joinClauses(labels)}${recency}, for the clinician to judge`;
  const disclosure = sentence(`${lead} (${quotes.map((q) => `"${q}"`).join('; ')}).`, episode.turnIds);

  const cssrs = episode.cssrsLevel !== null ? `, C-SSRS ideation level ${episode.cssrsLevel}` : '';
  const core = quotes[0] !== undefined ? quoteAround(quotes[0], RISK_ANCHORS, names, 12) : null;
  const shown = core !== null ? ` ("${noteQuote(core, 12)}")` : '';
  const finding = sentence(
    `Risk: ${joinClauses(labels)}${shown} (triage level ${episode.level}${cssrs}${sure.length === 0 ? '; wording uncertain' : ''}), for clinician review.`,
    episode.turnIds,
  );
  const assessment: NoteSentence[] = [];
  const asked = episode.assessment.asked;
  if (asked.length > 0) {
    const items = [...new Set(asked.map((q) => itemWords(episode, q.item)))];
    const denied = [...new Set(asked.filter((q) => q.denied).map((q) => itemWords(episode, q.item)))];
    const verb = episode.assessment.status === 'assessed' ? 'Risk was assessed in session' : 'Risk was partly assessed in session';
    const question = turnQuote(turnText(asked[0]!.turnId), names, 14);
    assessment.push(
      sentence(`${verb}: questions covered ${joinClauses(items)}${question ? ` (for example, "${question}")` : ''}.`, ids(asked.map((q) => q.turnId))),
    );
    if (denied.length > 0) {
      const answers = asked.filter((q) => q.denied && q.answerTurnId !== null).map((q) => q.answerTurnId!);
      // The client's own words for the denial: the recorded answer, or the answer to the first question denied.
      const answerId =
        answers[0] ??
        asked
          .filter((q) => q.denied)
          .map((q) => answerAfterTurn(q.turnId))
          .find((x) => x !== undefined);
      const answer = answerId !== undefined ? turnQuote(turnText(answerId), names, 10) : null;
      if (answerId !== undefined && !answers.includes(answerId)) answers.push(answerId);
      assessment.push(
        sentence(
          `When asked, Client denied ${joinClauses(denied)}${answer ? ` ("${answer}")` : ''}.`,
          ids(
            asked.filter((q) => q.denied).map((q) => q.turnId),
            answers,
          ),
        ),
      );
    }
  } else {
    assessment.push(gap(`Assessment of ${labels[0]}: none identified in the transcript.`));
  }
  if (episode.assessment.status !== 'assessed' && episode.assessment.notAsked.length > 0) {
    assessment.push(gap(`Not asked in this session: ${joinClauses(episode.assessment.notAsked.map((i) => itemWords(episode, i)))}.`));
  }
  const followUp = episode.followUpRequired
    ? sentence(
        `Risk follow-up required: ${labels[0]}${shown} ${episode.assessment.status === 'partial' ? 'was only partly assessed' : 'was not assessed'} in this session.`,
        episode.turnIds,
      )
    : null;
  const sentences = [disclosure, finding, ...assessment, ...(followUp ? [followUp] : [])];
  const heard =
    episode.assessment.status === 'assessed'
      ? 'assessed in session'
      : episode.assessment.status === 'partial'
        ? 'partly assessed in session'
        : 'not assessed in session';
  const summaryText = `${lead} (${quotes.length > 0 ? `"${quotes[0]}"` : 'see the cited turn'}); ${heard}${followUp ? ', follow-up required' : ''}.`;
  return {
    statement: {
      type: categories[0]!,
      text: sentences.map((s) => s.text).join(' '),
      evidence: ids(sentences.flatMap((s) => s.evidence)),
      assessedInSession: episode.assessment.status === 'assessed',
      requiresClinicianReview: true,
      level: episode.level,
      followUpRequired: episode.followUpRequired,
    },
    disclosure,
    finding,
    assessment,
    followUp,
    sentences,
    summary: sentence(capitalise(summaryText), ids(sentences.flatMap((s) => s.evidence))),
  };
}

/**
 * Every risk episode in the session as the note writes it, in the order disclosed. Pass the report the
 * analysis already holds; without one the detector runs here.
 */
export function assessRisks(
  transcript: Transcript,
  names: ReadonlySet<string> = namesIn(transcript),
  report: RiskReport = detectRisk(transcript),
): AssessedRisk[] {
  const text = new Map(transcript.turns.map((t) => [t.id, t.text]));
  const answerAfterTurn = (id: string): string | undefined => {
    const at = transcript.turns.findIndex((t) => t.id === id);
    const next = transcript.turns.slice(at + 1, at + 3).find((t) => t.role !== 'therapist');
    return at >= 0 && next?.role === 'client' ? next.id : undefined;
  };
  return report.episodes.map((episode) => assess(episode, report.findings, names, (id) => text.get(id), answerAfterTurn));
}

/**
 * The note's risk statements for a session: one per episode (a run of related disclosures), each for
 * clinician review.
 *
 * @example
 * findRiskStatements(parseTranscript('Therapist: How are you?\nClient: Some nights I wish I could just not wake up.'));
 * // [{ type: 'passive_ideation', text: 'Client described passive suicidal ideation (…). Assessment of …', assessedInSession: false, followUpRequired: true, … }]
 */
export function findRiskStatements(transcript: Transcript, report?: RiskReport): RiskStatement[] {
  return assessRisks(transcript, namesIn(transcript), report).map((r) => r.statement);
}
