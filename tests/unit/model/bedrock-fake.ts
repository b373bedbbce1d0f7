/**
 * Test helper: a mocked Bedrock runtime behind the REAL BedrockLanguageModel, with answers chosen per
 * task (note or alliance) so the two parallel calls of generateWithModel stay deterministic, and model
 * answers built from a transcript's own turns.
 */
import {
  AccessDeniedException,
  BedrockRuntimeClient,
  ConverseCommand,
  ThrottlingException,
  type ConverseCommandInput,
  type ConverseCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { expect, vi } from 'vitest';
import { BedrockLanguageModel } from '../../../lambdas/adapters/bedrock/bedrock-language-model.js';
import type { Alliance } from '../../../schemas/alliance.js';
import { NOTE_SECTIONS, type NoteFormat, type ProgressNote } from '../../../schemas/note.js';
import type { Transcript, Turn } from '../../../schemas/transcript.js';

export const MODEL_ID = 'us.anthropic.claude-sonnet-4-20250514-v1:0';

export type Task = 'note' | 'alliance';

/** What the fake Bedrock does on one call: answer with text (and a stop reason) or throw. */
export type Reply = { text: string; stopReason?: string } | { error: Error };

export const throttled = (): Reply => ({ error: new ThrottlingException({ message: 'Too many requests', $metadata: { httpStatusCode: 429 } }) });
export const accessDenied = (): Reply => ({
  error: new AccessDeniedException({ message: "You don't have access to the model with the specified model ID.", $metadata: { httpStatusCode: 403 } }),
});
export const answer = (value: unknown, stopReason = 'end_turn'): Reply => ({ text: JSON.stringify(value, null, 2), stopReason });
export const text = (value: string, stopReason = 'end_turn'): Reply => ({ text: value, stopReason });

export function taskOf(input: ConverseCommandInput): Task {
  const system = input.system?.map((b) => b.text ?? '').join('') ?? '';
  return system.includes('Task: rate the therapeutic alliance') ? 'alliance' : 'note';
}

export function userTextOf(input: ConverseCommandInput, index = 0): string {
  return input.messages?.[index]?.content?.map((b) => b.text ?? '').join('') ?? '';
}

export function systemTextOf(input: ConverseCommandInput): string {
  return input.system?.map((b) => b.text ?? '').join('') ?? '';
}

/**
 * A Bedrock that replies from a script per task; the last reply of a script repeats. Returns the model,
 * the inputs it received per task, and a sleep that records the delays it was asked for.
 */
export function fakeBedrock(script: Record<Task, Reply[]>) {
  const bedrock = mockClient(BedrockRuntimeClient);
  const calls: Record<Task, ConverseCommandInput[]> = { note: [], alliance: [] };
  bedrock.on(ConverseCommand).callsFake(async (input: ConverseCommandInput): Promise<ConverseCommandOutput> => {
    const task = taskOf(input);
    calls[task].push(input);
    const replies = script[task];
    const reply = replies[Math.min(calls[task].length, replies.length) - 1];
    if (!reply) throw new Error(`no reply scripted for the ${task} task`);
    if ('error' in reply) throw reply.error;
    return {
      output: { message: { role: 'assistant', content: [{ text: reply.text }] } },
      stopReason: (reply.stopReason ?? 'end_turn') as ConverseCommandOutput['stopReason'],
      usage: { inputTokens: 1000, outputTokens: 500, totalTokens: 1500 },
      metrics: { latencyMs: 900 },
      $metadata: { httpStatusCode: 200 },
    };
  });
  const model = new BedrockLanguageModel({ modelId: MODEL_ID, client: new BedrockRuntimeClient({ region: 'us-east-1' }) });
  const delays: number[] = [];
  const sleep = vi.fn(async (ms: number) => {
    delays.push(ms);
  });
  return { bedrock, model, calls, sleep, delays, restore: () => bedrock.restore() };
}

/** The first few words of a turn: a verbatim quote of it. */
export function quoteFrom(turn: Turn, words = 5): string {
  return turn.text.split(' ').slice(0, words).join(' ');
}

function turn(transcript: Transcript, index: number): Turn {
  const t = transcript.turns[Math.min(index, transcript.turns.length - 1)];
  if (!t) throw new Error('empty transcript');
  return t;
}

/** A note answer that cites real turns in every sentence. */
export function goodNoteAnswer(transcript: Transcript, format: NoteFormat = 'soap') {
  const last = turn(transcript, transcript.turns.length - 1);
  return {
    sections: NOTE_SECTIONS[format].map((name, i) => ({
      name,
      sentences: [
        { text: `${name}: client described the main concern of the session.`, evidence: [turn(transcript, 2 * i + 1).id] },
        { text: `${name}: therapist responded with reflections and open questions.`, evidence: [turn(transcript, 2 * i).id, turn(transcript, 2 * i + 2).id] },
      ],
    })),
    riskStatements: [],
    homework: [{ text: 'Client agreed to practise the planned conversation.', evidence: [turn(transcript, 3).id] }],
    planForNextSession: [{ text: 'Next session will review how the week went.', evidence: [last.id] }],
    allianceSummary: [{ text: 'Client and therapist agreed on the goals of the session.', evidence: [turn(transcript, 1).id] }],
  };
}

const DIMENSIONS = ['therapeuticFramework', 'sessionManagement', 'therapeuticRelationship', 'therapeuticProcess', 'collaborativeProgress'] as const;

/** An alliance answer with the same score everywhere and verbatim quotes of real turns. */
export function goodAllianceAnswer(transcript: Transcript, score = 70) {
  return {
    dimensions: Object.fromEntries(
      DIMENSIONS.map((d, i) => {
        const t = turn(transcript, i * 2);
        return [
          d,
          {
            score,
            rationale: `Observed at ${t.id}: the therapist's stance in that turn shaped this dimension.`,
            evidence: [{ turnId: t.id, quote: quoteFrom(t) }],
          },
        ];
      }),
    ),
    flags: [
      {
        type: 'lack_of_engagement',
        severity: 'low',
        rationale: `The client's answers at ${turn(transcript, 1).id} were brief.`,
        evidence: [{ turnId: turn(transcript, 1).id, quote: quoteFrom(turn(transcript, 1), 3) }],
        suggestion: 'Invite the client to set the agenda.',
      },
    ],
  };
}

/** Every id a note cites exists, and every alliance quote is verbatim text of the turn it cites. */
export function expectEvidenceVerified(transcript: Transcript, note: ProgressNote, alliance: Alliance): void {
  const byId = new Map(transcript.turns.map((t) => [t.id, t.text]));
  const sentences = [
    ...note.sections.flatMap((s) => s.sentences),
    ...note.homework,
    ...note.planForNextSession,
    ...note.allianceSummary,
    ...note.riskStatements,
  ];
  for (const s of sentences) for (const id of s.evidence) expect(byId.has(id), `note cites ${id}`).toBe(true);
  const quotes = [...Object.values(alliance.dimensions).flatMap((d) => d.evidence), ...alliance.flags.flatMap((f) => f.evidence)];
  for (const q of quotes) expect(byId.get(q.turnId) ?? '', `quote of ${q.turnId}`).toContain(q.quote);
}
