import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AllianceReport } from '../../../schemas/alliance.js';
import { SESSIONS, TRANSCRIPTS, fixtureTurns, reportsOf, runCli, scratchDir, toSrt, toTranscribeJson, toVtt, writeInput } from './run-cli.js';

/** Every quote a report shows must be findable, verbatim, in the turn it names. */
function expectEvidenceInTranscript(report: AllianceReport): void {
  const textById = new Map(report.transcript.turns.map((turn) => [turn.id, turn.text]));
  const evidence = [
    ...Object.values(report.alliance.dimensions).flatMap((d) => d.evidence),
    ...report.alliance.flags.flatMap((f) => f.evidence),
    ...report.alliance.ruptureMarkers.map((m) => ({ turnId: m.turnId, quote: m.quote })),
    ...report.risk.findings,
    ...report.risk.denials,
  ];
  for (const { turnId, quote } of evidence) {
    expect(textById.has(turnId), `${turnId} is a turn of the transcript`).toBe(true);
    expect(textById.get(turnId)).toContain(quote);
  }
  for (const marker of report.alliance.ruptureMarkers) {
    if (marker.repairTurnId !== undefined) expect(textById.has(marker.repairTurnId)).toBe(true);
  }
}

describe('attune analyze --json: one schema-valid AllianceReport per file, in every format', () => {
  const scratch = scratchDir();
  const generated: Record<string, string> = {};

  beforeAll(() => {
    const turns = fixtureTurns('good-alliance.txt');
    generated.vtt = writeInput(scratch.dir, 'good-alliance.vtt', toVtt(turns));
    generated.srt = writeInput(scratch.dir, 'good-alliance.srt', toSrt(turns));
    generated['transcribe-json'] = writeInput(scratch.dir, 'good-alliance.json', toTranscribeJson(turns));
  });
  afterAll(() => scratch.cleanup());

  it.each(['vtt', 'srt', 'transcribe-json'] as const)('reads the good-alliance session as %s and scores it', (format) => {
    // Act
    const run = runCli(['analyze', generated[format]!, '--json']);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const [report, ...rest] = reportsOf(run);
    expect(rest).toHaveLength(0);
    expect(report!.source).toBe(generated[format]);
    expect(report!.transcript.format).toBe(format);
    expect(report!.transcript.timed).toBe(true);
    expect(report!.alliance.overall.abstained).toBe(false);
    expectEvidenceInTranscript(report!);
  });

  const sessionFiles = readdirSync(SESSIONS).filter((name) => name.endsWith('.txt'));
  it.each(sessionFiles)('sessions/%s gives a valid report whose evidence quotes its own turns', (name) => {
    const path = join('tests', 'fixtures', 'sessions', name);

    const run = runCli(['analyze', path, '--json']);

    expect(run.status).toBe(0);
    const [report] = reportsOf(run);
    expect(report!.source).toBe(path);
    expectEvidenceInTranscript(report!);
  });

  // Parser fixtures (VTT, SRT, Transcribe JSON) from the transcript tests: the usable ones must
  // come through the CLI as valid reports; the deliberately broken ones must be refused cleanly.
  const transcriptFiles = existsSync(TRANSCRIPTS)
    ? readdirSync(TRANSCRIPTS, { withFileTypes: true })
        .filter((e) => e.isFile() && !/\.md$/i.test(e.name))
        .map((e) => e.name)
    : [];
  it.runIf(transcriptFiles.length > 0).each(transcriptFiles)('transcripts/%s gives a valid report or one clean refusal', (name) => {
    const run = runCli(['analyze', join(TRANSCRIPTS, name), '--json']);

    if (run.status === 0) {
      const [report] = reportsOf(run);
      expectEvidenceInTranscript(report!);
    } else {
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(new RegExp(`^attune: .*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [^\\n]+\\n$`));
    }
  });
});

describe('attune analyze --json with several files', () => {
  it('prints one NDJSON line per file, in the order given', () => {
    const files = ['tests/fixtures/sessions/poor-alliance.txt', 'tests/fixtures/sessions/good-alliance.txt'];

    const run = runCli(['analyze', ...files, '--json']);

    expect(run.status).toBe(0);
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(reportsOf(run).map((r) => r.source)).toEqual(files);
  });

  it('scores the warm, collaborative session above the lecturing one', () => {
    const run = runCli(['analyze', 'tests/fixtures/sessions/good-alliance.txt', 'tests/fixtures/sessions/poor-alliance.txt', '--json']);

    const [good, poor] = reportsOf(run);
    expect(good!.alliance.overall.score).not.toBeNull();
    expect(poor!.alliance.overall.score).not.toBeNull();
    expect(good!.alliance.overall.score!).toBeGreaterThan(poor!.alliance.overall.score!);
  });

  it('still prints the good reports when one file is bad, and exits 2', () => {
    const run = runCli(['analyze', 'tests/fixtures/sessions/good-alliance.txt', 'no-such-session.txt', 'tests/fixtures/sessions/poor-alliance.txt', '--json']);

    expect(run.status).toBe(2);
    expect(reportsOf(run).map((r) => r.source)).toEqual(['tests/fixtures/sessions/good-alliance.txt', 'tests/fixtures/sessions/poor-alliance.txt']);
    expect(run.stderr).toBe('attune: no-such-session.txt: no such file\n');
  });
});

describe('attune analyze --json: risk', () => {
  it("carries the risk report: review required, the category and the client's words at their turn", () => {
    // Act
    const run = runCli(['analyze', 'tests/fixtures/sessions/passive-ideation.txt', '--json']);

    // Assess
    expect(run.status).toBe(0);
    const [report] = reportsOf(run);
    expect(report!.risk.summary).toMatchObject({ reviewRequired: true, categories: expect.arrayContaining(['passive_ideation']) });
    expect(report!.risk.summary.highestLevel).not.toBe('none');
    const finding = report!.risk.findings.find((f) => f.category === 'passive_ideation');
    expect(finding).toMatchObject({ turnId: 't0004', quote: expect.stringContaining('Sometimes I wish I could go to sleep and not wake up') });
    // The therapist asked about hours of sleep: that is no assessment of the disclosure.
    const episode = report!.risk.episodes.find((e) => e.categories.includes('passive_ideation'));
    expect(episode?.assessment.status).toBe('not_assessed');
    expect(episode?.followUpRequired).toBe(true);
    expectEvidenceInTranscript(report!);
  });

  it('carries a risk report on a session too short to score: risk never waits for the alliance', () => {
    // Prepare
    const scratch = scratchDir();
    const path = writeInput(scratch.dir, 'short.txt', 'Therapist: How are you?\nClient: I cut my arm last night.\nTherapist: Okay.\nClient: Yeah.\n');

    try {
      // Act
      const run = runCli(['analyze', path, '--json']);

      // Assess
      const [report] = reportsOf(run);
      expect(report!.alliance.overall.abstained).toBe(true);
      expect(report!.risk.summary).toMatchObject({ reviewRequired: true, categories: expect.arrayContaining(['self_injury']) });
    } finally {
      scratch.cleanup();
    }
  });
});

describe('attune analyze on sessions too thin to judge', () => {
  it.each([
    ['too-short.txt', /too short/],
    ['one-speaker.txt', /one speaker/],
  ])('%s abstains with a reason instead of a number, and exits 0', (name, reason) => {
    const run = runCli(['analyze', `tests/fixtures/sessions/${name}`, '--json']);

    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const [report] = reportsOf(run);
    expect(report!.alliance.overall).toMatchObject({ score: null, abstained: true });
    expect(report!.alliance.overall.abstentionReason).toMatch(reason);
    for (const dimension of Object.values(report!.alliance.dimensions)) {
      expect(dimension.score).toBeNull();
      expect(dimension.abstentionReason).toBeTruthy();
    }
  });
});
