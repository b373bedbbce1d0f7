/**
 * Security finding of issue 15 (Low): a note edit that would not fit in the session's DynamoDB item was a
 * 500. It is a 413 problem that says the limit and what to do, refused before anything is written; and a
 * size refusal from DynamoDB itself (ValidationException "Item size has exceeded…") is a 413 too, never a 500.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { AttuneError } from '../../../lambdas/core/errors.js';
import { MAX_NOTE_RECORD_BYTES } from '../../../schemas/note.js';
import { PROBLEM_BASE } from '../../../schemas/problems.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { completedRecord, seed } from './fixtures.js';
import { apiEvent, memoryDeps, type MemoryDeps } from './memory.js';

const problem = (r: APIGatewayProxyResult) => JSON.parse(r.body) as { type: string; status: number; detail: string };

let deps: MemoryDeps;
let api: ReturnType<typeof createApiHandler>;
let record: SessionRecord;

beforeEach(async () => {
  deps = memoryDeps();
  api = createApiHandler(deps);
  record = await seed(deps, completedRecord());
});

/** An edit of version 1 whose sections hold `bytes` of text in all, as documentation gaps (they cite no turn). */
function editOf(bytes: number) {
  const names = record.note!.sections.map((s) => s.name);
  const perSection = Math.ceil(bytes / names.length / 1000);
  return {
    baseVersion: 1,
    sections: names.map((name) => ({ name, sentences: Array.from({ length: perSection }, () => ({ kind: 'gap', text: 'x'.repeat(1000), evidence: [] })) })),
  };
}

const stored = () => deps.sessions.items.get(`${record.tenantId}/${record.sessionId}`)!;

describe('a note edit larger than the session record may hold', () => {
  it('answers 413 problem+json naming the limit and what to do, and writes nothing', async () => {
    // Act
    const r = await api(apiEvent('PUT', '/sessions/s1/note', { body: editOf(MAX_NOTE_RECORD_BYTES + 1024) }));

    // Assess
    expect(r.statusCode, r.body.slice(0, 300)).toBe(413);
    expect(r.headers?.['content-type']).toBe('application/problem+json');
    expect(problem(r).type).toBe(`${PROBLEM_BASE}payload-too-large`);
    expect(problem(r).detail).toContain(`${MAX_NOTE_RECORD_BYTES / 1024} KB`);
    expect(problem(r).detail).toMatch(/shorten the note/);
    expect(stored().noteVersion ?? 1).toBe(1);
    expect(stored().note).toEqual(record.note);
  });

  it('counts the whole record: the same edit that fits a bare record is refused when the signed versions kept fill it', async () => {
    // Prepare: a signed earlier version as large as the new edit, kept whole in the history.
    const edit = editOf(MAX_NOTE_RECORD_BYTES / 2 + 1024);
    const note = { ...record.note!, sections: edit.sections.map((s) => ({ ...s, sentences: s.sentences.map((x) => ({ ...x, kind: 'gap' as const })) })) };
    deps.sessions.items.set(`${record.tenantId}/${record.sessionId}`, {
      ...stored(),
      noteVersion: 2,
      noteHistory: [{ version: 1, note, signature: { version: 1, signedBy: 'u1', signedAt: '2026-09-02T00:00:00.000Z', sha256: 'a'.repeat(64) } }],
    } as SessionRecord);

    // Act
    const refused = await api(apiEvent('PUT', '/sessions/s1/note', { body: { ...edit, baseVersion: 2 } }));

    // Assess
    expect(refused.statusCode, refused.body.slice(0, 300)).toBe(413);
    expect(problem(refused).detail).toMatch(/signed version/);
  });

  it('takes an edit that fits', async () => {
    // Act
    const r = await api(apiEvent('PUT', '/sessions/s1/note', { body: editOf(50 * 1024) }));

    // Assess
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    expect(stored().noteVersion).toBe(2);
  });
});

describe('a write DynamoDB refuses for its size', () => {
  it.each([
    ['DynamoDB', Object.assign(new Error('Item size has exceeded the maximum allowed size'), { name: 'ValidationException' })],
    ['dynalite', Object.assign(new Error('Item size to update has exceeded the maximum allowed size'), { name: 'ValidationException' })],
    ['the session repository', new AttuneError('the session record would be 420 KB, over the 350 KB limit for one item', 'session_record_too_large')],
  ])('is a 413 problem, not a 500 (%s)', async (_by, error) => {
    // Prepare
    deps.sessions.updateNote = async () => {
      throw error;
    };

    // Act
    const r = await api(apiEvent('PUT', '/sessions/s1/note', { body: editOf(10 * 1024) }));

    // Assess
    expect(r.statusCode, r.body.slice(0, 300)).toBe(413);
    expect(problem(r).type).toBe(`${PROBLEM_BASE}payload-too-large`);
    expect(problem(r).detail).toMatch(/400 KB/);
  });

  it('another ValidationException stays a 500 that says nothing more', async () => {
    // Prepare
    deps.sessions.updateNote = async () => {
      throw Object.assign(new Error('One or more parameter values were invalid'), { name: 'ValidationException' });
    };

    // Act
    const r = await api(apiEvent('PUT', '/sessions/s1/note', { body: editOf(10 * 1024) }));

    // Assess
    expect(r.statusCode).toBe(500);
  });
});
