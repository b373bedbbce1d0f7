/** A note shaped by the clinic's template: edited in its own order, signed only once its required lines are written. */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../lambdas/api/handler.js';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { unavailableNote, writeProgressNote } from '../../../lambdas/core/notes/index.js';
import { applyTemplate } from '../../../lambdas/core/notes/template.js';
import type { NoteSection, ProgressNote } from '../../../schemas/note.js';
import { parseNoteTemplates } from '../../../schemas/note-template.js';
import { fixtureTranscript } from '../../helpers.js';
import { apiEvent, memoryDeps, type Caller } from './memory.js';

const TENANT = 't1';
const CLIENT = 'client-7';
const SESSION = 's-0920';
const PATH = `/sessions/${SESSION}/note`;
const clinician: Caller = { tenant: TENANT, user: 'dr-rivera', roles: ['clinician'] };

const TEMPLATES = parseNoteTemplates(
  {
    soap: {
      order: ['Assessment', 'Plan', 'Subjective', 'Objective'],
      headings: { Assessment: 'Clinical assessment' },
      requiredLines: [
        { id: 'medical-necessity', section: 'Assessment', label: 'Medical necessity', prompt: 'State why continued treatment is medically necessary.' },
        { id: 'next-review', section: 'Plan', label: 'Next review' },
      ],
    },
  },
  'test templates',
);

/** A COMPLETED session whose note GenerateNote shaped with the clinic's template. */
async function seed(options: { unavailable?: boolean } = {}) {
  const deps = memoryDeps();
  const transcript = fixtureTranscript('good-alliance.txt');
  const analysis = analyzeTranscript(transcript);
  const task = { transcript, format: 'soap', sessionDate: '2026-09-20', createdAt: new Date('2026-09-20T16:00:00Z') } as const;
  const note = applyTemplate(options.unavailable ? unavailableNote(task) : writeProgressNote({ ...task, analysis }), TEMPLATES);
  const key = { tenantId: TENANT, sessionId: SESSION };
  const transcriptKey = `transcripts/${TENANT}/${CLIENT}/${SESSION}.json`;
  await deps.clients.assign({ tenantId: TENANT, clientId: CLIENT, clinicianId: clinician.user, createdAt: '2026-09-01T09:00:00Z' });
  await deps.sessions.createReceived({
    ...key,
    clientId: CLIENT,
    status: 'RECEIVED',
    sessionDate: '2026-09-20',
    createdAt: '2026-09-20T15:00:00Z',
    updatedAt: '2026-09-20T15:00:00Z',
    timings: {},
  });
  await deps.objects.write(deps.config.artifactsBucket, transcriptKey, JSON.stringify(transcript), 'application/json');
  await deps.sessions.complete(key, { ...analysis, note, transcriptKey, timings: { analyze: 1200 } });
  const handler = createApiHandler(deps);
  const call = async (method: string, path: string, body?: unknown) => {
    const result: APIGatewayProxyResult = await handler(apiEvent(method, path, { caller: clinician, body }));
    return { status: result.statusCode, text: result.body, body: JSON.parse(result.body) };
  };
  return { note, call };
}

/** The sections with each required line's gap replaced by what the clinician wrote. */
function written(sections: readonly NoteSection[], lines: Record<string, string>): NoteSection[] {
  return sections.map((section) => ({
    ...section,
    sentences: section.sentences.map((s) => {
      const label = Object.keys(lines).find((l) => s.text.startsWith(`${l}: to be completed by the clinician.`));
      return label ? { text: `${label}: ${lines[label]}`, kind: 'gap' as const, evidence: [] } : s;
    }),
  }));
}

const SECRET = 'Symptoms of panic continue to limit work attendance.';

describe('signing a note with required lines', () => {
  it("refuses while the lines are unfilled, naming each line and never the note's text", async () => {
    const { call, note } = await seed();

    const answer = await call('POST', `${PATH}/sign`, { version: 1 });

    expect(answer.status).toBe(409);
    expect(answer.body.detail).toContain('Medical necessity (medical-necessity, in Assessment); Next review (next-review, in Plan)');
    expect(answer.body.detail).toContain(`PUT /sessions/${SESSION}/note (baseVersion 1)`);
    expect(answer.text).not.toContain(note.sections[0]!.sentences[0]!.text);
    expect((await call('GET', PATH)).body.signature).toBeUndefined();
  });

  it("signs once an edit writes every line, keeping the clinic's order and headings", async () => {
    const { call, note } = await seed();

    const partly = await call('PUT', PATH, { baseVersion: 1, sections: written(note.sections, { 'Medical necessity': SECRET }) });
    const refused = await call('POST', `${PATH}/sign`, { version: 2 });
    // A client that drops the headings does not lose them.
    const sections = written(note.sections, { 'Medical necessity': SECRET, 'Next review': 'in four weeks.' }).map(({ heading: _h, ...s }) => s);
    const complete = await call('PUT', PATH, { baseVersion: 2, sections });
    const signed = await call('POST', `${PATH}/sign`, { version: 3 });

    expect(partly.status).toBe(200);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('Next review (next-review, in Plan)');
    expect(refused.body.detail).not.toContain('Medical necessity');
    expect(refused.text).not.toContain(SECRET);
    expect(complete.status).toBe(200);
    expect(signed.status).toBe(200);
    const final: ProgressNote = signed.body.note;
    expect(final.status).toBe('final');
    expect(final.sections.map((s) => [s.name, s.heading])).toEqual([
      ['Assessment', 'Clinical assessment'],
      ['Plan', undefined],
      ['Subjective', undefined],
      ['Objective', undefined],
    ]);
  });

  it("still refuses an edit whose sections leave the note's order", async () => {
    const { call, note } = await seed();
    const formatOrder = ['Subjective', 'Objective', 'Assessment', 'Plan'].map((name) => note.sections.find((s) => s.name === name)!);

    const answer = await call('PUT', PATH, { baseVersion: 1, sections: formatOrder });

    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('Assessment, Plan, Subjective, Objective, in this order');
  });

  it('asks for the lines in a note the engine could not write, once the clinician writes it', async () => {
    const { call } = await seed({ unavailable: true });
    const sections: NoteSection[] = ['Assessment', 'Plan', 'Subjective', 'Objective'].map((name) => ({
      name,
      sentences: [{ text: `${name}: written by the clinician.`, kind: 'gap', evidence: [] }],
    }));

    const edit = await call('PUT', PATH, { baseVersion: 1, sections });
    const refused = await call('POST', `${PATH}/sign`, { version: 2, acknowledgeRisk: true });

    expect(edit.status).toBe(200);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('Medical necessity (medical-necessity, in Assessment); Next review (next-review, in Plan)');
  });
});
