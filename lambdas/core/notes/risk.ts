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
  for (const name of names) quote = quote.replace(new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g'), '[name]');
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

function assess(episode: RiskEpisode, findings: readonly RiskFinding[], names: ReadonlySet<string>): AssessedRisk {
  const own = findings.filter((f) => episode.turnIds.includes(f.turnId) && episode.categories.includes(f.category));
  const categories = ordered(episode.categories);
  const labels = categories.map((c) => RISK_CATEGORY_LABELS[c]);
  const sure = own.filter((f) => !f.uncertain);
  const quotes = [...new Set(own.map((f) => quoteOf(f, names)))].slice(0, 2);
  const recency = RECENCY_WORDS[episode.recency];
  const lead = sure.length > 0 ? `Client described ${joinClauses(labels)}${recency}` : `Client made statements that may indicate ${joinClauses(labels)}${recency}, for the clinician to judge`;
  const disclosure = sentence(`${lead} (${quotes.map((q) => `"${q}"`).join('; ')}).`, episode.turnIds);

  const cssrs = episode.cssrsLevel !== null ? `, C-SSRS ideation level ${episode.cssrsLevel}` : '';
  const finding = sentence(
    `Risk: ${joinClauses(labels)} (triage level ${episode.level}${cssrs}${sure.length === 0 ? '; wording uncertain' : ''}), for clinician review.`,
    episode.turnIds,
  );
  const assessment: NoteSentence[] = [];
  const asked = episode.assessment.asked;
  if (asked.length > 0) {
    const items = [...new Set(asked.map((q) => itemWords(episode, q.item)))];
    const denied = [...new Set(asked.filter((q) => q.denied).map((q) => itemWords(episode, q.item)))];
    const verb = episode.assessment.status === 'assessed' ? 'Risk was assessed in session' : 'Risk was partly assessed in session';
    assessment.push(sentence(`${verb}: questions covered ${joinClauses(items)}.`, ids(asked.map((q) => q.turnId))));
    if (denied.length > 0) {
      const answers = asked.filter((q) => q.denied && q.answerTurnId !== null).map((q) => q.answerTurnId!);
      assessment.push(sentence(`When asked, Client denied ${joinClauses(denied)}.`, ids(asked.filter((q) => q.denied).map((q) => q.turnId), answers)));
    }
  } else {
    assessment.push(gap(`Assessment of ${labels[0]}: none identified in the transcript.`));
  }
  if (episode.assessment.status !== 'assessed' && episode.assessment.notAsked.length > 0) {
    assessment.push(gap(`Not asked in this session: ${joinClauses(episode.assessment.notAsked.map((i) => itemWords(episode, i)))}.`));
  }
  const followUp = episode.followUpRequired
    ? sentence(`Risk follow-up required: ${labels[0]} ${episode.assessment.status === 'partial' ? 'was only partly assessed' : 'was not assessed'} in this session.`, episode.turnIds)
    : null;
  const sentences = [disclosure, finding, ...assessment, ...(followUp ? [followUp] : [])];
  const heard = episode.assessment.status === 'assessed' ? 'assessed in session' : episode.assessment.status === 'partial' ? 'partly assessed in session' : 'not assessed in session';
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
export function assessRisks(transcript: Transcript, names: ReadonlySet<string> = namesIn(transcript), report: RiskReport = detectRisk(transcript)): AssessedRisk[] {
  return report.episodes.map((episode) => assess(episode, report.findings, names));
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
