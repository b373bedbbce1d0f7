/**
 * `attune run`'s summary for a person: the outcome, the reason when it failed, whether risk needs review
 * (before the scores), the alliance scores and the opening of the draft note. `--json` has everything
 * else, the risk findings with their quotes included.
 */
import type { SessionReport } from '../../local/runtime/sessions.js';
import type { DimensionName } from '../../schemas/alliance.js';
import { DIMENSION_LABELS, humanise } from './report-text.js';
import { riskSummaryLine } from './risk-text.js';
import { scoreBar, scoreTone, truncate, wrap, type Paint } from './terminal.js';

export interface RunTextOptions {
  paint: Paint;
  width: number;
}

const LABEL = 28;
/** Sentences of the note shown: enough to recognise the session, not to read the note in a terminal. */
const NOTE_SENTENCES = 4;

function score(value: number | null | undefined, p: Paint): string {
  if (value === null || value === undefined) return p.dim('abstained');
  return `${p.tone(scoreTone(value), String(Math.round(value)).padStart(3))}  ${p.tone(scoreTone(value), scoreBar(value))}`;
}

export function renderRunText(report: SessionReport, { paint: p, width }: RunTextOptions): string {
  const lines: string[] = [];
  const who = `session ${report.sessionId} · client ${report.clientId} · tenant ${report.tenantId}${report.sessionDate ? ` · ${report.sessionDate}` : ''}`;
  const total = report.timings.total ?? 0;
  const status = report.status === 'COMPLETED' ? p.tone('good', 'COMPLETED') : p.tone('poor', 'FAILED');
  lines.push(`${p.bold('Attune')} ${who}`);
  lines.push(`${'Status'.padEnd(LABEL)}${status} ${p.dim(`in ${(total / 1000).toFixed(1)} s`)}`);
  if (report.alreadyProcessed) lines.push(p.dim('This session had already been processed: this upload was deleted and the stored session is shown.'));

  if (report.failure) {
    lines.push(...wrap(`${report.failure.code}: ${report.failure.message}`, width, ' '.repeat(LABEL), `${'Reason'.padEnd(LABEL)}`));
    if (report.failure.detail) lines.push(...wrap(report.failure.detail, width, ' '.repeat(LABEL), `${'Transcriber'.padEnd(LABEL)}`));
    lines.push(p.dim('The recording was deleted.'));
    return `${lines.join('\n')}\n`;
  }

  if (report.risk) {
    lines.push('');
    lines.push(...wrap(riskSummaryLine(report.risk.summary, p), width, ' '.repeat(LABEL), 'Risk'.padEnd(LABEL)));
    if (report.risk.summary.findings > 0) lines.push(p.dim('  … the findings, their turns and quotes: attune analyze, or add --json'));
  }

  const alliance = report.alliance;
  if (alliance) {
    lines.push('');
    lines.push(`${p.bold('Overall alliance'.padEnd(LABEL))}${score(alliance.overall.score, p)}`);
    if (alliance.overall.abstentionReason) lines.push(...wrap(alliance.overall.abstentionReason, width, ' '.repeat(LABEL), ' '.repeat(LABEL)).map(p.dim));
    for (const name of Object.keys(DIMENSION_LABELS) as DimensionName[]) {
      lines.push(`  ${DIMENSION_LABELS[name].padEnd(LABEL - 2)}${score(alliance.dimensions[name].score, p)}`);
    }
    if (alliance.flags.length > 0) lines.push(`${'Flags'.padEnd(LABEL)}${alliance.flags.map((f) => humanise(f.type)).join(', ')}`);
    if (alliance.ruptureMarkers.length > 0) lines.push(`${'Rupture markers'.padEnd(LABEL)}${alliance.ruptureMarkers.length}`);
  }

  const note = report.note;
  if (note) {
    lines.push('');
    lines.push(p.bold(`Draft ${note.format.toUpperCase()} note${note.reviewRequired ? p.tone('poor', ' · review required (risk statements)') : ''}`));
    let shown = 0;
    for (const section of note.sections) {
      const sentence = section.sentences[0];
      if (!sentence || shown >= NOTE_SENTENCES) continue;
      lines.push(...wrap(truncate(sentence.text, 240), width, '    ', `  ${p.bold(`${section.name}:`)} `));
      shown++;
    }
    lines.push(p.dim('  … the whole note, transcript and evidence: add --json'));
  }
  return `${lines.join('\n')}\n`;
}
