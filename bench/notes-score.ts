/**
 * Scoring one progress note against one annotated session (tests/fixtures/notes/{bench,dev}/*.json), for
 * `npm run bench:notes`. Pure: a note, its transcript and the annotation in; figures and the sentences
 * behind them out. The rules follow CLINICAL-GUIDE §1 (what the chart holds) and §4 (what it must not).
 */
import { z } from 'zod';
import { noteFindings, unsupportedSentences } from '../lambdas/core/notes/citation-support.js';
import type { NoteSentence, ProgressNote } from '../schemas/note.js';
import type { Transcript } from '../schemas/transcript.js';

export const TOPICS = [
  'concern',
  'mood',
  'measure',
  'goal',
  'intervention',
  'homework',
  'homework_review',
  'next_appointment',
  'strength',
  'change_talk',
  'risk',
  'medication',
  'other',
] as const;
export type Topic = (typeof TOPICS)[number];

/** `present`/`absent` may name a topic in the plural ("goals", "measures"). */
const TopicNameSchema = z.string().transform((name, ctx): Topic => {
  const singular = name.replace(/s$/, '');
  const topic = (TOPICS as readonly string[]).includes(name) ? name : singular;
  if (!(TOPICS as readonly string[]).includes(topic)) {
    ctx.addIssue({ code: 'custom', message: `"${name}" is not a topic: use one of ${TOPICS.join(', ')}` });
    return z.NEVER;
  }
  return topic as Topic;
});

export const AnnotationSchema = z.object({
  session: z.string().min(1),
  modality: z.string().min(1),
  summary: z.string().min(1),
  mustSay: z.array(
    z.object({
      id: z.string().min(1),
      topic: TopicNameSchema,
      fact: z.string().min(1),
      terms: z.array(z.array(z.string().min(1)).min(1)).min(1),
      turns: z.array(z.string().regex(/^t\d{4,}$/)),
    }),
  ),
  mustNotSay: z.array(
    z.object({
      id: z.string().min(1),
      pattern: z.string().refine((p) => {
        try {
          new RegExp(p, 'i');
          return true;
        } catch {
          return false;
        }
      }, 'not a valid regular expression'),
      why: z.string().min(1),
    }),
  ),
  present: z.array(TopicNameSchema).default([]),
  absent: z.array(TopicNameSchema).default([]),
});
export type Annotation = z.infer<typeof AnnotationSchema>;
export type Fact = Annotation['mustSay'][number];

/** One note sentence a rule fired on. */
export interface Flag {
  sentenceId: string;
  text: string;
  /** The turns the sentence cites (empty for a gap). */
  evidence: string[];
  /** The rule that fired: a mustNotSay id, an absence or evaluation rule name, or the citation check's reason. */
  rule: string;
}

export interface FactResult {
  id: string;
  topic: Topic;
  /** One finding holds an alternative from every term group. */
  found: boolean;
  /** …and that finding's citation passes citationSupport. */
  supported: boolean;
  /** …and it cites at least one of the annotated turns. */
  atAnnotatedTurn: boolean;
  sentenceId?: string;
}

export interface NoteScore {
  findings: number;
  facts: FactResult[];
  falseFacts: Flag[];
  absenceAsFact: Flag[];
  falseGaps: Flag[];
  unsupported: Flag[];
  evaluation: Flag[];
  /** Risk statements in a session whose annotation says it holds no risk. */
  riskWithoutRisk: Flag[];
}

/**
 * A term as a pattern: case-insensitive, hyphens and spaces loosened ("phq-9", "phq 9" and "phq9" are one
 * term), anchored at the start of a word so "walk" finds "walked" but "12" does not find "112", and a
 * term ending in a digit does not run into another digit ("12" does not find "120").
 */
export function termPattern(term: string): RegExp {
  const parts = term
    .trim()
    .toLowerCase()
    .split(/[\s\-\u2010-\u2014]+|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u)
    .filter(Boolean)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const start = /^[\p{L}\p{N}]/u.test(term.trim()) ? '(?<![\\p{L}\\p{N}])' : '';
  const end = /\p{N}$/u.test(term.trim()) ? '(?!\\p{N})' : '';
  return new RegExp(`${start}${parts.join('[\\s\\-\\u2010-\\u2014]*')}${end}`, 'iu');
}

/** True when the text holds at least one alternative of every group. */
export function holdsTerms(text: string, groups: readonly (readonly string[])[]): boolean {
  return groups.every((group) => group.some((term) => termPattern(term).test(text)));
}

/**
 * Absence written as a finding: a sentence that cites turns to say something did not happen in the session
 * ("No homework was assigned", "Goals were not discussed"). The session shows no absence: that is a gap.
 * A client's own denial ("Client denied suicidal ideation when asked") is not this: it is something said.
 */
export const ABSENCE_RULES: [string, RegExp][] = [
  [
    'no-topic',
    /(?:^|[:;,]\s*|\bthere (?:was|were) )no (?:specific |formal |new |further |additional )?(?:homework|assignments?|between[- ]session|goals?|treatment goals?|interventions?|measures?|outcome measures?|plan|plans|follow[- ]up|next (?:session|appointment)|risk|safety concerns?|strengths?|concerns?|changes?|discussion)\b/i,
  ],
  [
    'not-done-in-session',
    /\b(?:was|were|has been|have been|is|are) not (?:discussed|assigned|addressed|assessed|identified|reviewed|set|established|mentioned|reported|explored|scheduled|documented|stated|evaluated|completed|covered|raised|agreed)\b/i,
  ],
  ['none-noted', /\bnone (?:was |were )?(?:identified|noted|assigned|reported|documented|set|stated|discussed|mentioned|agreed)\b/i],
  ['did-not-mention', /\b(?:did not|didn't|does not|doesn't) (?:discuss|mention|set|assign|review|address|identify|raise|schedule)\b/i],
  ['not-asked', /\bnot (?:asked|assessed|screened) (?:about|for)\b/i],
];

/** The risk module's lines in a note: its statements, their follow-up, and what was and was not asked. */
export const RISK_LINE = /^(?:risk\b|risk follow-up required|when asked\b|not asked in this session|assessment of\b)/i;

/** Note sentences about the therapist's performance: supervision material, never the chart (§1, §4). */
export const EVALUATION_RULES: [string, RegExp][] = [
  ['talk-share', /\btalk(?:ing)?[- ](?:share|time|ratio)\b|\bshare of (?:the )?(?:talk|talking|speaking|words|turns|speech)\b/i],
  [
    'percent-of-talk',
    /\d+(?:\.\d+)?\s*(?:%|percent)[^.]*\b(?:talk|talking|speak|spoke|words|turns|utterances)\b|\b(?:talk|talking|speak|spoke|words|turns|utterances)\b[^.]*\d+(?:\.\d+)?\s*(?:%|percent)/i,
  ],
  ['miti', /\bMITI\b|\bMI (?:spirit|adheren|non-adheren)|\bMI-(?:consistent|inconsistent)\b/i],
  [
    'reflection-question-ratio',
    /\breflections?[- ]?(?:to|per|:|\/)[- ]?questions?\b|\bR:Q\b|\bratio of (?:reflections|questions)\b|\b(?:percent(?:age)?|share) of complex reflections\b|\b\d+ (?:open|closed|simple|complex) (?:questions|reflections)\b/i,
  ],
  ['most-of-the-talking', /\b(?:did|does|doing) (?:most|the majority|much|the bulk) of the talking\b|\bdominated the (?:conversation|session|discussion)\b/i],
  ['not-heard', /\b(?:was|were|went|remained) (?:not |un)heard\b/i],
  [
    'did-not-address',
    /\b(?:therapist|clinician|counsell?or|provider|writer|interviewer)\s+(?:did not|didn't|failed to|neglected to|could have|should have|might have|was unable to)\b|\b(?:was|were|went|remained) (?:not |un)(?:addressed|explored|followed up|followed-up|picked up|reflected|acknowledged)\b|\bwithout (?:being )?(?:addressed|explored|followed up|acknowledged)\b/i,
  ],
  [
    'missed',
    /\bmissed (?:an? |the |several |many )?(?:opportunit|chance|cue|moment|disclosure)|\b(?:therapist|clinician|counsell?or)\s+(?:may have |appears to have |seems to have )?missed\b|\b(?:cues?|disclosures?|statements?|concerns?) (?:was|were|went) missed\b/i,
  ],
  [
    'alliance-rating',
    /\b(?:therapeutic |working )?alliance\b[^.]*\b(?:scores?|scored|ratings?|rated|strong|weak|good|poor|high|low|moderate|strained|positive|negative|solid|intact|\d)|\b(?:scores?|ratings?|rated)\b[^.]*\balliance\b|\b(?:empathy|rapport|collaboration|bond|partnership|evocation) (?:score|rating|subscale)\b/i,
  ],
  ['therapist-rating', /\btherapist(?:'s)? (?:empathy|skill|performance|technique|adherence|fidelity|competence)\b/i],
];

/** What a documentation gap is about, read from its words; one gap may name several topics. */
const GAP_TOPICS: [Topic, RegExp][] = [
  ['homework_review', /\b(?:review of|reviewed|previous|prior|last (?:week|session)'s) (?:homework|assignment)|homework review\b/i],
  ['homework', /\bhomework|\bassignments?\b|between[- ]session/i],
  ['goal', /\bgoals?\b|treatment targets?/i],
  ['next_appointment', /\bnext (?:session|appointment|visit|meeting)|\bfollow[- ]up (?:appointment|session|visit)|\breturn visit|\bschedul/i],
  ['measure', /\bmeasures?\b|\bscores?\b|\bscales?\b|questionnaire|\binstruments?\b|\bphq|\bgad-?7|\bratings?\b/i],
  ['intervention', /\binterventions?\b|\btechniques?\b/i],
  ['risk', /\brisk\b|suicid|self[- ]harm|\bsafety\b|ideation|harm to (?:self|others)/i],
  ['strength', /\bstrengths?\b|protective factors?/i],
  ['mood', /\bmood\b|\baffect\b/i],
  ['medication', /medication|\bdose\b|side effects?|prescri/i],
  ['change_talk', /change talk/i],
  ['concern', /presenting (?:problem|concern|complaint)|\bconcerns?\b|\bcomplaints?\b/i],
];

/**
 * The note's own words: quoted speech taken out. A quote is the client's words (citationSupport checks it is
 * really in the cited turn); what the note asserts, and what a trap, an absence or an evaluation rule is
 * about, is in its own words. "Next appointment: Wednesday ("because Tuesday's choir")" does not say Tuesday.
 */
export function ownWords(text: string): string {
  return text.replace(/"[^"]*"|\u201c[^\u201d]*\u201d/g, '"…"');
}

function flagsOf(sentences: { sentenceId: string; sentence: NoteSentence }[], rules: [string, RegExp][]): Flag[] {
  const flags: Flag[] = [];
  for (const { sentenceId, sentence } of sentences) {
    for (const [rule, pattern] of rules) {
      if (pattern.test(ownWords(sentence.text))) flags.push({ sentenceId, text: sentence.text, evidence: sentence.evidence, rule });
    }
  }
  return flags;
}

/** Every gap of a note, with where it sits. */
function noteGaps(note: ProgressNote): { sentenceId: string; sentence: NoteSentence }[] {
  const all: { sentenceId: string; sentence: NoteSentence }[] = [];
  for (const section of note.sections) {
    section.sentences.forEach((sentence, i) => {
      all.push({ sentenceId: `${section.name}[${i}]`, sentence });
    });
  }
  note.homework.forEach((sentence, i) => {
    all.push({ sentenceId: `homework[${i}]`, sentence });
  });
  note.planForNextSession.forEach((sentence, i) => {
    all.push({ sentenceId: `planForNextSession[${i}]`, sentence });
  });
  return all.filter(({ sentence }) => sentence.kind === 'gap');
}

/**
 * The topics a gap says the transcript lacks. A line listing the risk-assessment items not asked ("Not asked
 * in this session: method, intent…") says nothing about whether risk was discussed: bench:risk measures it.
 */
/**
 * A note's homework and planForNextSession repeat sentences of its Plan section; each sentence is scored once,
 * where it first appears, so a wrong line is not counted twice.
 */
function distinct<T extends { sentence: NoteSentence }>(sentences: T[]): T[] {
  const seen = new Set<string>();
  return sentences.filter(({ sentence }) => {
    const key = `${sentence.kind}\u0000${sentence.text}\u0000${sentence.evidence.join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function gapTopics(text: string): Topic[] {
  if (/^not asked in this session\b/i.test(text.trim())) return [];
  return GAP_TOPICS.filter(([, pattern]) => pattern.test(text)).map(([topic]) => topic);
}

/** The measures that need no annotation: unsupported citations, absence written as fact, therapist evaluation. */
export function scoreAutomatic(
  note: ProgressNote,
  transcript: Transcript,
  annotation?: Annotation,
): Omit<NoteScore, 'facts' | 'falseFacts' | 'falseGaps' | 'riskWithoutRisk'> {
  const findings = distinct(noteFindings(note));
  const ids = new Set(findings.map((f) => f.sentenceId));
  // An absence the annotator wrote as a fact ("agreed no homework is needed") is a fact when the note says it.
  const statedAbsences = (annotation?.mustSay ?? []).filter((fact) => /\b(?:no|not|none|never|without)\b/i.test(fact.fact));
  // A risk line saying what was not assessed is the wording CLINICAL-GUIDE §1 prescribes, carried by the
  // schema as followUpRequired; whether the risk was there at all is scored as riskWithoutRisk.
  const absenceAsFact = flagsOf(
    findings.filter(({ sentenceId, sentence }) => !RISK_LINE.test(sentence.text) && !sentenceId.startsWith('riskStatements')),
    ABSENCE_RULES,
  ).filter((flag) => !statedAbsences.some((fact) => holdsTerms(flag.text, fact.terms)));
  return {
    findings: findings.length,
    absenceAsFact,
    unsupported: unsupportedSentences(note, transcript)
      .filter((u) => ids.has(u.sentenceId))
      .map((u) => ({ sentenceId: u.sentenceId, text: u.text, evidence: u.evidence, rule: u.reason })),
    evaluation: flagsOf(findings, EVALUATION_RULES),
  };
}

/** Every measure, for an annotated session. */
export function scoreNote(note: ProgressNote, transcript: Transcript, annotation: Annotation): NoteScore {
  const automatic = scoreAutomatic(note, transcript, annotation);
  const findings = distinct(noteFindings(note));
  const unsupportedIds = new Set(automatic.unsupported.map((u) => u.sentenceId));

  const facts = annotation.mustSay.map((fact): FactResult => {
    const matching = findings.filter(({ sentence }) => holdsTerms(sentence.text, fact.terms));
    const supported = matching.filter(({ sentenceId }) => !unsupportedIds.has(sentenceId));
    const atTurn = supported.find(({ sentence }) => sentence.evidence.some((id) => fact.turns.includes(id)));
    const best = atTurn ?? supported[0] ?? matching[0];
    return {
      id: fact.id,
      topic: fact.topic,
      found: matching.length > 0,
      supported: supported.length > 0,
      atAnnotatedTurn: atTurn !== undefined,
      ...(best ? { sentenceId: best.sentenceId } : {}),
    };
  });

  const falseFacts = flagsOf(
    findings,
    annotation.mustNotSay.map((trap): [string, RegExp] => [trap.id, new RegExp(trap.pattern, 'i')]),
  );

  const present = new Set(annotation.present);
  const falseGaps: Flag[] = [];
  for (const { sentenceId, sentence } of distinct(noteGaps(note))) {
    const wrong = gapTopics(sentence.text).filter((topic) => present.has(topic));
    if (wrong.length > 0) falseGaps.push({ sentenceId, text: sentence.text, evidence: [], rule: `gap on ${wrong.join(', ')}, which the session holds` });
  }
  const riskWithoutRisk: Flag[] = annotation.absent.includes('risk')
    ? note.riskStatements.map((risk, i) => ({
        sentenceId: `riskStatements[${i}]`,
        text: risk.text,
        evidence: risk.evidence,
        rule: `a ${risk.type} statement in a session with no risk`,
      }))
    : [];
  return { ...automatic, facts, falseFacts, falseGaps, riskWithoutRisk };
}
