import { z } from 'zod';

/** How a result was produced: every note and report carries one. */
export const ProvenanceSchema = z.object({
  engine: z.enum(['local', 'bedrock', 'openai-compatible']),
  engineVersion: z.string(),
  modelId: z.string().nullable(),
  /** A hash of the rubric (or prompt) text, so a change of rubric shows in the data. */
  rubricVersion: z.string(),
  createdAt: z.string(),
  status: z.enum(['ok', 'degraded']).default('ok'),
  /** Why a model path fell back to the local engine (no transcript text), when it did. */
  degradedReason: z.string().optional(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;
