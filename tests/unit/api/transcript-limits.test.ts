/**
 * One large transcript does not stall everyone (issue 15, M5), through the API handler over in-memory ports:
 * a pasted transcript over one session's turns or characters is a 413 that says the limit and what to do;
 * `?include=transcript` answers a page of turns with a link to the next, so no answer nears the 6 MB
 * response limit; and `GET …/note?format=` renders from the stored analysis, never analysing again.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { analyzeSession } from '../../../lambdas/use-cases/session-analysis.js';
import { sessionAnalysisKey } from '../../../schemas/analysis.js';
import {
  MAX_TRANSCRIPT_CHARACTERS,
  MAX_TRANSCRIPT_TURNS,
  TRANSCRIPT_PAGE_CHARACTERS,
  TRANSCRIPT_PAGE_TURNS,
  type Transcript,
} from '../../../schemas/transcript.js';
import { completedRecord, seed, transcript as shortTranscript } from './fixtures.js';
import { apiEvent, memoryDeps, type Caller, type MemoryDeps } from './memory.js';

/** How many times the engine analysed a transcript: a read must not add to it. */
const engine = vi.hoisted(() => ({ analyses: 0 }));
vi.mock('../../../lambdas/core/alliance/engine.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../lambdas/core/alliance/engine.js')>();
  return {
    ...actual,
    analyzeTranscript: (...args: Parameters<typeof actual.analyzeTranscript>) => {
      engine.analyses += 1;
      return actual.analyzeTranscript(...args);
    },
  };
});

const CONSENT = { obtained: true, method: 'written', obtainedAt: '2026-08-01' };
const SUPERVISOR: Caller = { tenant: 't1', user: 'sup', roles: ['supervisor'] };
const PROBLEM = 'application/problem+json';
const body = (r: APIGatewayProxyResult) => JSON.parse(r.body) as Record<string, any>;

let deps: MemoryDeps;
let api: ReturnType<typeof createApiHandler>;
beforeEach(() => {
  deps = memoryDeps();
  api = createApiHandler(deps);
});

const dialogue = (turns: number, text = 'Fine.') =>
  Array.from({ length: turns }, (_, i) => `${i % 2 === 0 ? 'Therapist' : 'Client'}: ${i % 2 === 0 ? 'How was it?' : text}`).join('\n');

const create = (content: string) =>
  api(apiEvent('POST', '/sessions', { body: { clientId: 'c1', sessionDate: '2026-09-01', consent: CONSENT, transcript: { format: 'text', content } } }));

describe('POST /sessions with a pasted transcript over one session’s limits', () => {
  it(`answers 413 for more than ${MAX_TRANSCRIPT_TURNS} turns, saying the limit and what to do, and stores nothing`, async () => {
    // Act
    const r = await create(dialogue(MAX_TRANSCRIPT_TURNS + 1));

    // Assess
    expect(r.statusCode).toBe(413);
    expect(r.headers?.['content-type']).toBe(PROBLEM);
    expect(body(r).type).toMatch(/payload-too-large$/);
    expect(body(r).detail).toMatch(/10,001 turns .* over the limit for one session \(10,000 turns and 2,000,000 characters/);
    expect(body(r).detail).toMatch(/send one transcript per session/);
    expect(body(r).errors).toEqual([{ pointer: '/transcript/content', detail: 'transcript_too_large' }]);
    expect(deps.sessions.items.size).toBe(0);
    expect(deps.objects.objects.size).toBe(0);
  });

  it(`answers 413 for more than ${MAX_TRANSCRIPT_CHARACTERS} characters of speech in few turns`, async () => {
    // Act
    const r = await create(dialogue(4, 'word '.repeat(MAX_TRANSCRIPT_CHARACTERS / 8).trim()));

    // Assess
    expect(r.statusCode).toBe(413);
    expect(body(r).detail).toMatch(/4 turns and 2,\d{3},\d{3} characters of speech/);
    expect(deps.sessions.items.size).toBe(0);
  });

  it('accepts a transcript at the limit', async () => {
    expect((await create(dialogue(MAX_TRANSCRIPT_TURNS))).statusCode).toBe(202);
  });
});

describe('GET /sessions/{id}?include=transcript, a page of turns at a time', () => {
  /** A stored transcript of `turns` turns, each `text`. */
  async function seedTranscript(turns: number, text = (i: number) => `turn ${i + 1} said`): Promise<Transcript> {
    const record = await seed(deps, completedRecord());
    const long: Transcript = {
      ...shortTranscript,
      turns: Array.from({ length: turns }, (_, i) => ({
        id: `t${String(i + 1).padStart(4, '0')}`,
        role: i % 2 ? 'client' : 'therapist',
        speaker: i % 2 ? 'C' : 'T',
        text: text(i),
      })),
    };
    await deps.objects.write(deps.config.artifactsBucket, record.transcriptKey!, JSON.stringify(long), 'application/json');
    return long;
  }
  const get = (path: string, caller?: Caller) => {
    const [route, query] = path.split('?');
    return api(apiEvent('GET', route!, { ...(caller ? { caller } : {}), query: Object.fromEntries(new URLSearchParams(query)) }));
  };

  it(`answers the first ${TRANSCRIPT_PAGE_TURNS} turns with the path of the next page, and the pages cover every turn once`, async () => {
    // Prepare
    const stored = await seedTranscript(1_200);

    // Act
    const pages: Record<string, any>[] = [];
    for (let path: string | undefined = '/sessions/s1?include=transcript'; path; path = pages.at(-1)!.transcript.page.next) {
      const r = await get(path);
      expect(r.statusCode, r.body).toBe(200);
      pages.push(body(r));
    }

    // Assess
    expect(pages.map((p) => p.transcript.page)).toEqual([
      { turnsFrom: 0, turns: 500, totalTurns: 1_200, next: '/sessions/s1?include=transcript&turnsFrom=500&turnsLimit=500' },
      { turnsFrom: 500, turns: 500, totalTurns: 1_200, next: '/sessions/s1?include=transcript&turnsFrom=1000&turnsLimit=500' },
      { turnsFrom: 1_000, turns: 200, totalTurns: 1_200 },
    ]);
    expect(pages.flatMap((p) => p.transcript.turns)).toEqual(stored.turns);
    expect(pages[0]!.transcript.roleAssignment).toEqual(stored.roleAssignment);
  });

  it('takes turnsFrom and turnsLimit, and refuses a page larger than the limit with 400', async () => {
    // Prepare
    await seedTranscript(30);

    // Act
    const page = await get('/sessions/s1?include=transcript&turnsFrom=25&turnsLimit=10');
    const tooMany = await get('/sessions/s1?include=transcript&turnsLimit=2001');

    // Assess
    expect(body(page).transcript.turns.map((t: { id: string }) => t.id)).toEqual(['t0026', 't0027', 't0028', 't0029', 't0030']);
    expect(body(page).transcript.page).toEqual({ turnsFrom: 25, turns: 5, totalTurns: 30 });
    expect(tooMany.statusCode).toBe(400);
  });

  it(`ends a page early once its turns hold ${TRANSCRIPT_PAGE_CHARACTERS} characters, so an answer stays far below 6 MB`, async () => {
    // Prepare: turns written before the limits existed, each of 900,000 characters.
    await seedTranscript(5, () => 'x'.repeat(900_000));

    // Act
    const r = await get('/sessions/s1?include=transcript&turnsLimit=2000');

    // Assess
    expect(body(r).transcript.page).toMatchObject({ turnsFrom: 0, turns: 1, totalTurns: 5, next: expect.stringContaining('turnsFrom=1') });
    expect(Buffer.byteLength(r.body)).toBeLessThan(2 * 1024 ** 2);
  });

  it('is still refused to a supervisor (403)', async () => {
    await seedTranscript(3);
    expect((await get('/sessions/s1?include=transcript', SUPERVISOR)).statusCode).toBe(403);
  });
});

describe('GET /sessions/{id}/note?format= renders from the stored analysis', () => {
  beforeEach(async () => {
    const record = await seed(deps, completedRecord());
    const analysis = analyzeSession(shortTranscript, new Date('2026-09-01T10:03:00Z'));
    await deps.objects.write(deps.config.artifactsBucket, sessionAnalysisKey(record), JSON.stringify(analysis), 'application/json');
  });

  it('never analyses the transcript again, whatever the format asked for', async () => {
    // Prepare
    engine.analyses = 0;

    // Act
    const answers = await Promise.all(
      ['dap', 'birp', 'girp', 'narrative', 'fhir', 'dap'].map((format) => api(apiEvent('GET', '/sessions/s1/note', { query: { format } }))),
    );

    // Assess
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(body(answers[0]!).regenerated).toBe(true);
    expect(engine.analyses).toBe(0);
  });

  it('analyses only a session stored before its analysis was (the counter does count)', async () => {
    // Prepare
    await deps.objects.deleteAllVersions(deps.config.artifactsBucket, sessionAnalysisKey(completedRecord()));
    engine.analyses = 0;

    // Act
    const r = await api(apiEvent('GET', '/sessions/s1/note', { query: { format: 'dap' } }));

    // Assess
    expect(r.statusCode).toBe(200);
    expect(engine.analyses).toBe(1);
  });
});
