/**
 * Where risk goes, on the real local stack: `attune run` on a short session in which the client says
 * "sometimes I wish I could go to sleep and not wake up" and the therapist moves on. The session
 * completes with the detector's report on it, the note asks for review, and the completed event says
 * review is required with the category, and not one word the client said.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SessionRecordSchema } from '../../schemas/session-record.js';
import { BOOT_TIMEOUT_MS, localEnv, recordedEvents, root, runAttune, tempHome } from './local-stack.js';

const SESSION = join(root, 'tests', 'fixtures', 'sessions', 'passive-ideation.txt');
const DISCLOSURE = 'Sometimes I wish I could go to sleep and not wake up.';

describe('attune run on a session holding passive suicidal ideation', () => {
  const home = tempHome();
  const env = localEnv(home.dir, { NO_COLOR: '1' });
  afterAll(() => home.cleanup());

  it(
    'completes with the risk on the session, a note that asks for review, and an event with the category only',
    () => {
      // Act
      const run = runAttune(['run', SESSION, '--client', 'sam', '--session', 'risk-1', '--consent', '--json'], env);

      // Assess: the session
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(report.status).toBe('COMPLETED');
      const risk = SessionRecordSchema.shape.risk.parse(report.risk);
      expect(risk?.summary).toMatchObject({ reviewRequired: true, categories: expect.arrayContaining(['passive_ideation']) });
      expect(risk?.findings).toEqual(
        expect.arrayContaining([expect.objectContaining({ category: 'passive_ideation', turnId: 't0004', quote: expect.stringContaining(DISCLOSURE) })]),
      );
      const note = SessionRecordSchema.shape.note.parse(report.note);
      expect(note?.reviewRequired).toBe(true);

      // Assess: the completed event
      const completed = recordedEvents(home.dir).filter((e) => e['detail-type'] === 'attune.session.completed' && e.detail.sessionId === 'risk-1');
      expect(completed).toHaveLength(1);
      expect(completed[0]!.detail).toMatchObject({
        clientId: 'sam',
        status: 'COMPLETED',
        reviewRequired: true,
        riskCategories: expect.arrayContaining(['passive_ideation']),
      });
      const events = readFileSync(join(home.dir, 'events.ndjson'), 'utf8').toLowerCase();
      for (const words of ['not wake up', 'go to sleep', 'sometimes i wish']) expect(events).not.toContain(words);
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'says review is required, with the category, before the scores in the summary for a person',
    () => {
      // Act
      const run = runAttune(['run', SESSION, '--client', 'sam', '--session', 'risk-2', '--consent'], env);

      // Assess
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/Risk\s+review required · (low|moderate|high) · .*passive suicidal ideation/);
      expect(run.stdout.indexOf('review required')).toBeLessThan(run.stdout.search(/Overall alliance/));
    },
    BOOT_TIMEOUT_MS,
  );
});
