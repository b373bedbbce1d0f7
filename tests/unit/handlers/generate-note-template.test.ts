import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // The handler module reads its configuration once, at import, as it does on a cold start.
  process.env.ARTIFACTS_BUCKET = 'attune-artifacts';
  process.env.KMS_KEY_ID = 'alias/attune-test';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { createGenerateNoteHandler, noteTemplatesFromEnvironment } from '../../../lambdas/generate-note/handler.js';
import { ProgressNoteSchema, type ProgressNote } from '../../../schemas/note.js';
import { NoteTemplateError, parseNoteTemplates } from '../../../schemas/note-template.js';
import { answer, fakeBedrock, goodNoteAnswer } from '../model/bedrock-fake.js';
import { ARTIFACTS, fakeArtifacts, normalized, transcript, upload } from './session-fixtures.js';

const NOTE_KEY = 'notes/acme/c-17/s-0042.json';
const TEMPLATES = parseNoteTemplates(
  {
    soap: {
      order: ['Plan', 'Assessment'],
      headings: { Plan: 'Treatment plan' },
      requiredLines: [{ id: 'medical-necessity', section: 'Assessment', label: 'Medical necessity' }],
    },
  },
  'test templates',
);

let artifacts: ReturnType<typeof fakeArtifacts>;
beforeEach(() => {
  artifacts = fakeArtifacts();
  artifacts.putJson(normalized.transcriptKey, transcript);
});
afterEach(() => artifacts.restore());

const stored = (): ProgressNote => ProgressNoteSchema.parse(artifacts.written(NOTE_KEY).json);

function expectTemplated(note: ProgressNote): void {
  expect(note.sections.map((s) => s.name)).toEqual(['Plan', 'Assessment', 'Subjective', 'Objective']);
  expect(note.sections[0]!.heading).toBe('Treatment plan');
  expect(note.sections[1]!.sentences.at(-1)).toEqual({ text: 'Medical necessity: to be completed by the clinician.', kind: 'gap', evidence: [] });
  expect(note.requiredLines).toEqual([{ id: 'medical-necessity', section: 'Assessment', label: 'Medical necessity' }]);
}

describe("GenerateNote with the clinic's note templates", () => {
  it("shapes the local engine's note", async () => {
    const handler = createGenerateNoteHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, format: 'soap', model: null, templates: TEMPLATES });

    await handler({ upload, normalized });

    expectTemplated(stored());
  });

  it('shapes the note a model wrote', async () => {
    const bedrock = fakeBedrock({ note: [answer(goodNoteAnswer(transcript))], alliance: [] });
    const handler = createGenerateNoteHandler({
      artifacts: artifacts.store,
      artifactsBucket: ARTIFACTS,
      format: 'soap',
      model: bedrock.model,
      sleep: bedrock.sleep,
      templates: TEMPLATES,
    });

    try {
      const step = await handler({ upload, normalized });

      expect(step).toMatchObject({ engine: 'bedrock', status: 'ok' });
      expectTemplated(stored());
    } finally {
      bedrock.restore();
    }
  });

  it('records the required lines on a note the engine could not write, so the written note needs them too', async () => {
    const handler = createGenerateNoteHandler({
      artifacts: artifacts.store,
      artifactsBucket: ARTIFACTS,
      format: 'soap',
      model: null,
      templates: TEMPLATES,
      writeNote: () => {
        throw new Error('engine defect');
      },
    });

    await handler({ upload, normalized });

    expect(stored()).toMatchObject({ status: 'unavailable', sections: [], requiredLines: [{ id: 'medical-necessity' }] });
  });

  it('leaves the note as the format writes it without templates', async () => {
    const handler = createGenerateNoteHandler({ artifacts: artifacts.store, artifactsBucket: ARTIFACTS, format: 'soap', model: null });

    await handler({ upload, normalized });

    expect(stored().sections.map((s) => s.name)).toEqual(['Subjective', 'Objective', 'Assessment', 'Plan']);
    expect(stored().requiredLines).toBeUndefined();
  });
});

describe('NOTE_TEMPLATES at cold start', () => {
  it('reads the templates the stack set, and none when it set none', () => {
    expect(noteTemplatesFromEnvironment({ NOTE_TEMPLATES: JSON.stringify(TEMPLATES) })).toEqual(TEMPLATES);
    expect(noteTemplatesFromEnvironment({})).toBeNull();
  });

  it('fails naming the variable when it was changed by hand into something invalid', () => {
    const attempt = () => noteTemplatesFromEnvironment({ NOTE_TEMPLATES: '{"soap":{"order":["Data"]}}' });

    expect(attempt).toThrow(NoteTemplateError);
    expect(attempt).toThrow("environment variable NOTE_TEMPLATES (cdk.json context 'attune:noteTemplates') is not a valid note template");
  });
});
