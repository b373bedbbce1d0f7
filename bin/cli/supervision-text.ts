/**
 * `attune analyze --supervision`: the supervision report as readable text. The therapist's work, moment by
 * moment: safety, then the relationship, then technique, each with its turns, what happened, why it matters
 * and one response to try; then the process counts against the MITI thresholds and the alliance. Nothing of
 * the session is quoted: the report holds none.
 */
import type { MitiBand, SupervisionMoment, SupervisionReport } from '../../schemas/supervision.js';
import { percent, wrap, type Paint, type Tone } from './terminal.js';

export interface SupervisionTextOptions {
  paint: Paint;
  width: number;
}

const DOMAIN_TITLES: Record<SupervisionMoment['domain'], string> = { safety: 'Safety', relationship: 'Relationship', technique: 'Technique' };
const KIND_LABELS: Record<SupervisionMoment['kind'], string> = {
  risk_follow_up: 'risk follow-up',
  rupture: 'rupture',
  missed_follow_up: 'missed follow-up',
  technique: 'technique',
  strength: 'strength',
};
const SEVERITY_TONE: Record<SupervisionMoment['severity'], Tone> = { high: 'poor', medium: 'fair', low: 'muted', none: 'good' };
const BAND_TONE: Record<MitiBand, Tone> = { good: 'good', fair: 'fair', below_fair: 'poor', not_applicable: 'muted' };
const BAND_WORDS: Record<MitiBand, string> = { good: 'good', fair: 'fair', below_fair: 'below fair', not_applicable: 'n/a' };

const ITEM = '  ';
const INDENT = '      ';

function momentLines(m: SupervisionMoment, p: Paint, width: number): string[] {
  const tag = m.kind === 'strength' ? '✓ strength' : `${KIND_LABELS[m.kind]} · ${m.severity}`;
  const lines = [`${ITEM}${p.bold(p.tone(SEVERITY_TONE[m.severity], tag))} ${p.dim(`· ${m.evidence.join(', ')}`)}`];
  lines.push(...wrap(m.what, width, INDENT, INDENT));
  lines.push(...wrap(m.whyItMatters, width, INDENT, `${INDENT}Why: `).map((l) => p.dim(l)));
  if (m.alternative !== null) lines.push(...wrap(m.alternative, width, INDENT, `${INDENT}Try: `).map((l) => p.tone('accent', l)));
  return lines;
}

function ratio(value: number | null): string {
  return value === null ? 'n/a' : String(Number(value.toFixed(2)));
}

function share(value: number | null): string {
  return value === null ? 'n/a' : percent(value);
}

export function renderSupervisionText(report: SupervisionReport, source: string, { paint: p, width }: SupervisionTextOptions): string {
  const lines: string[] = [];
  lines.push(p.bold(`Supervision report · ${source}`));
  lines.push(p.dim("About the therapist's work in this session: for the therapist and their supervisor; not part of the progress note."));
  if (report.summary !== undefined) {
    lines.push('', p.bold('Summary'));
    for (const s of report.summary) lines.push(...wrap(`${s.text}${s.evidence.length > 0 ? ` [${s.evidence.join(', ')}]` : ''}`, width, INDENT, ITEM));
  }
  for (const domain of ['safety', 'relationship', 'technique'] as const) {
    const moments = report.moments.filter((m) => m.domain === domain);
    lines.push('', p.bold(`${DOMAIN_TITLES[domain]} (${moments.length})`));
    if (moments.length === 0) lines.push(`${ITEM}${p.dim('nothing to raise')}`);
    moments.forEach((m, i) => {
      lines.push(...(i > 0 ? [''] : []), ...momentLines(m, p, width));
    });
  }

  const pr = report.process;
  // The MITI bands are MI norms: the report carries them only where they apply (MI, supportive, peer support).
  const band = (b: MitiBand | undefined) => (b === undefined ? '' : ` (${p.tone(BAND_TONE[b], BAND_WORDS[b])})`);
  lines.push('', p.bold('Process'));
  lines.push(
    `${ITEM}Talk share          therapist ${percent(pr.talkShare.therapist.wordShare)} · client ${percent(pr.talkShare.client.wordShare)} of the words`,
  );
  lines.push(
    `${ITEM}Questions           ${pr.questions.open} open, ${pr.questions.closed} closed · ${share(pr.questions.percentOpen)} open${band(pr.miti?.percentOpenQuestions)}`,
  );
  lines.push(
    `${ITEM}Reflections         ${pr.reflections.simple} simple, ${pr.reflections.complex} complex · ${share(pr.reflections.percentComplex)} complex${band(pr.miti?.percentComplexReflections)}`,
  );
  lines.push(`${ITEM}Reflections/question ${ratio(pr.reflectionToQuestionRatio)}${band(pr.miti?.reflectionToQuestion)}`);
  lines.push(
    p.dim(
      `${ITEM}${pr.miti === undefined ? 'MITI bands left out: MI norms do not apply to this kind of work' : 'Bands: MITI thresholds, MI reference points'}`,
    ),
  );
  lines.push(
    `${ITEM}Affirmations        ${pr.affirmations} · advice ${pr.advice.withPermission} with permission, ${pr.advice.withoutPermission} without · confrontations ${pr.confrontations}`,
  );
  lines.push(`${ITEM}Client language     ${pr.clientLanguage.changeTalk} change talk, ${pr.clientLanguage.sustainTalk} sustain talk`);

  const a = report.alliance;
  lines.push('', p.bold('Alliance'));
  for (const s of a.summary) lines.push(...wrap(`${s.text}${s.evidence.length > 0 ? ` [${s.evidence.join(', ')}]` : ''}`, width, INDENT, ITEM));
  if (a.goalAgreement !== undefined && a.goalAgreement.score !== null)
    lines.push(`${ITEM}Goal agreement      ${a.goalAgreement.score}/100${a.goalAgreement.band ? ` (${a.goalAgreement.band})` : ''}`);
  for (const pattern of a.patterns) lines.push(...wrap(pattern.description, width, INDENT, `${ITEM}• `));
  lines.push('', p.dim(`Draft · supervision engine ${report.provenance.engineVersion} · rubric ${report.provenance.rubricVersion}`));
  return `${lines.join('\n')}\n`;
}
