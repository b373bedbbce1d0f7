import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AssessmentItemSchema, RiskCategorySchema, type AssessmentItem, type RiskCategory } from '../../../schemas/risk.js';

/**
 * The risk evaluation corpus (tests/fixtures/risk/) is data, written by hand. These tests hold it to its own
 * README: every line parses, ids and texts are unique, the sizes hold, and each assessment case's `status`
 * follows the status rule from its `asked` items. They do not run any detector.
 */

const ROOT = new URL('../../fixtures/risk/', import.meta.url);
const SETS = ['dev', 'holdout', 'chat', 'clinic', 'crisis', 'phrasings'] as const;
type SetName = (typeof SETS)[number];

interface Minimums {
  disclosures: number;
  perCategory: number;
  negatives: number;
  assessments: number;
  /** The share of denials among the negatives, [at least, at most]. */
  denials: readonly [number, number];
  /** Spoken sets hold an ASR share; `chat` is typed text, all `plain`, so it has none. */
  asr: boolean;
  /** At least one disclosure in this many is `asr` (3 unless given). */
  asrOneIn?: number;
}

/** Ids carry the set name unless the set has a shorter prefix here. */
const ID_PREFIX: Partial<Record<SetName, string>> = { phrasings: 'phr' };

const MINIMUMS: Record<SetName, Minimums> = {
  dev: { disclosures: 220, perCategory: 12, negatives: 110, assessments: 40, denials: [0.25, 0.35], asr: true },
  holdout: { disclosures: 90, perCategory: 5, negatives: 50, assessments: 15, denials: [0.25, 0.35], asr: true },
  chat: { disclosures: 170, perCategory: 8, negatives: 100, assessments: 20, denials: [0.3, 0.35], asr: false },
  clinic: { disclosures: 170, perCategory: 8, negatives: 100, assessments: 25, denials: [0.3, 0.35], asr: true },
  crisis: { disclosures: 170, perCategory: 8, negatives: 100, assessments: 20, denials: [0.3, 0.35], asr: true },
  phrasings: { disclosures: 230, perCategory: 12, negatives: 140, assessments: 10, denials: [0.2, 0.35], asr: true, asrOneIn: 4 },
};

const StyleSchema = z.enum(['plain', 'asr']);

const DisclosureSchema = z.strictObject({
  id: z.string(),
  category: RiskCategorySchema,
  recency: z.enum(['current', 'recent', 'past', 'unspecified']),
  text: z.string().min(1),
  style: StyleSchema,
});
type Disclosure = z.infer<typeof DisclosureSchema>;

const NegativeKindSchema = z.enum(['figurative', 'denial', 'grief', 'other_person', 'benign', 'past_resolved_context']);

const NegativeSchema = z
  .strictObject({
    id: z.string(),
    kind: NegativeKindSchema,
    text: z.string().min(1),
    style: StyleSchema,
    deniedCategory: RiskCategorySchema.optional(),
  })
  .refine((n) => (n.kind === 'denial') === (n.deniedCategory !== undefined), {
    message: 'deniedCategory is required for a denial and only for a denial',
  });
type Negative = z.infer<typeof NegativeSchema>;

const StatusSchema = z.enum(['assessed', 'partial', 'not_assessed']);
type Status = z.infer<typeof StatusSchema>;

const AssessmentSchema = z.strictObject({
  id: z.string(),
  turns: z
    .array(z.string().regex(/^(Client|Therapist): \S/))
    .min(6)
    .max(14),
  disclosureTurn: z.number().int().nonnegative(),
  category: RiskCategorySchema,
  asked: z.array(AssessmentItemSchema),
  status: StatusSchema,
  style: StyleSchema,
  note: z.string().min(1),
});
type Assessment = z.infer<typeof AssessmentSchema>;

function readLines(set: SetName, file: string): unknown[] {
  const text = readFileSync(new URL(`${set}/${file}`, ROOT), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new Error(`${set}/${file} line ${i + 1} is not JSON`);
      }
    });
}

function parseAll<T>(schema: z.ZodType<T>, set: SetName, file: string): T[] {
  return readLines(set, file).map((row, i) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw new Error(`${set}/${file} line ${i + 1}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  });
}

const corpus = Object.fromEntries(
  SETS.map((set) => [
    set,
    {
      disclosures: parseAll(DisclosureSchema, set, 'disclosures.jsonl'),
      negatives: parseAll(NegativeSchema, set, 'negatives.jsonl'),
      assessments: parseAll(AssessmentSchema, set, 'assessments.jsonl'),
    },
  ]),
) as Record<SetName, { disclosures: Disclosure[]; negatives: Negative[]; assessments: Assessment[] }>;

/** The seven C-SSRS categories and hopelessness, whose screen is the suicide screen. */
const SUICIDE_RULE: ReadonlySet<RiskCategory> = new Set<RiskCategory>([
  'passive_ideation',
  'active_ideation',
  'suicidal_method',
  'suicidal_intent',
  'suicidal_plan',
  'preparatory_behavior',
  'suicide_attempt',
  'hopelessness',
]);
const CSSRS_ITEMS: ReadonlySet<AssessmentItem> = new Set<AssessmentItem>(['thoughts', 'method', 'intent', 'plan', 'behavior', 'history']);
const SAFETY_ITEMS: ReadonlySet<AssessmentItem> = new Set<AssessmentItem>(['safety', 'safety_plan', 'means']);

function suicideRule(asked: readonly AssessmentItem[]): Status {
  if (asked.length === 0) return 'not_assessed';
  const cssrs = asked.filter((item) => CSSRS_ITEMS.has(item)).length;
  const safety = asked.some((item) => SAFETY_ITEMS.has(item));
  return cssrs >= 3 || (cssrs >= 2 && safety) ? 'assessed' : 'partial';
}

function otherRule(asked: readonly AssessmentItem[]): Status {
  if (asked.length === 0) return 'not_assessed';
  return asked.length >= 2 ? 'assessed' : 'partial';
}

/** The status rule in tests/fixtures/risk/README.md. */
function expectedStatus(category: RiskCategory, asked: readonly AssessmentItem[]): Status {
  return SUICIDE_RULE.has(category) ? suicideRule(asked) : otherRule(asked);
}

/** Case, punctuation and spacing folded, so a near-copy counts as a copy. */
function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function isAsrShaped(text: string): boolean {
  const punctuation = text.match(/[.,?!;:"]/g)?.length ?? 0;
  return text === text.toLowerCase() && !/['\u2019]/.test(text) && punctuation <= 2;
}

describe('risk corpus: every line', () => {
  for (const set of SETS) {
    it(`${set}: ids are unique and carry the set and file prefix`, () => {
      // Arrange
      const { disclosures, negatives, assessments } = corpus[set];

      // Act
      const ids = [...disclosures, ...negatives, ...assessments].map((r) => r.id);

      // Assert
      expect(new Set(ids).size).toBe(ids.length);
      for (const d of disclosures) expect(d.id).toMatch(new RegExp(`^${ID_PREFIX[set] ?? set}-d-\\d{3}$`));
      for (const n of negatives) expect(n.id).toMatch(new RegExp(`^${ID_PREFIX[set] ?? set}-n-\\d{3}$`));
      for (const a of assessments) expect(a.id).toMatch(new RegExp(`^${ID_PREFIX[set] ?? set}-a-\\d{3}$`));
    });

    it(`${set}: asr lines are written as a recogniser writes them (lower case, no apostrophes, little punctuation)`, () => {
      // Arrange
      const { disclosures, negatives, assessments } = corpus[set];
      const asrTexts = [
        ...disclosures.filter((d) => d.style === 'asr').map((d) => d.text),
        ...negatives.filter((n) => n.style === 'asr').map((n) => n.text),
        ...assessments.filter((a) => a.style === 'asr').flatMap((a) => a.turns.map((t) => t.replace(/^(Client|Therapist): /, ''))),
      ];

      // Act
      const notAsr = asrTexts.filter((t) => !isAsrShaped(t));

      // Assert
      expect(notAsr).toEqual([]);
    });
  }

  it('no text appears twice, within or across the sets', () => {
    // Arrange
    const texts = SETS.flatMap((set) => [
      ...corpus[set].disclosures.map((d) => d.text),
      ...corpus[set].negatives.map((n) => n.text),
      ...corpus[set].assessments.map((a) => a.turns[a.disclosureTurn] ?? ''),
    ]);

    // Act
    const seen = new Map<string, number>();
    for (const t of texts) seen.set(fold(t), (seen.get(fold(t)) ?? 0) + 1);
    const repeated = [...seen].filter(([, n]) => n > 1).map(([t]) => t);

    // Assert
    expect(repeated).toEqual([]);
  });
});

describe('risk corpus: sizes', () => {
  for (const set of SETS) {
    const min = MINIMUMS[set];

    it(`${set}: at least ${min.disclosures} disclosures, ${min.perCategory} in every category${min.asr ? `, one in ${min.asrOneIn ?? 3} of them asr` : ''}`, () => {
      // Arrange
      const { disclosures } = corpus[set];

      // Act
      const short = RiskCategorySchema.options
        .map((category) => ({ category, n: disclosures.filter((d) => d.category === category).length }))
        .filter(({ n }) => n < min.perCategory);
      const asr = disclosures.filter((d) => d.style === 'asr').length;

      // Assert
      expect(disclosures.length).toBeGreaterThanOrEqual(min.disclosures);
      expect(short).toEqual([]);
      if (min.asr) expect(asr * (min.asrOneIn ?? 3)).toBeGreaterThanOrEqual(disclosures.length);
    });

    it(`${set}: at least ${min.negatives} negatives${min.asr ? ', a quarter asr' : ''}, ${Math.round(min.denials[0] * 100)}-${Math.round(min.denials[1] * 100)}% denials`, () => {
      // Arrange
      const { negatives } = corpus[set];

      // Act
      const asr = negatives.filter((n) => n.style === 'asr').length;
      const denials = negatives.filter((n) => n.kind === 'denial').length;
      const kinds = new Set(negatives.map((n) => n.kind));

      // Assert
      expect(negatives.length).toBeGreaterThanOrEqual(min.negatives);
      if (min.asr) expect(asr * 4).toBeGreaterThanOrEqual(negatives.length);
      expect(denials / negatives.length).toBeGreaterThanOrEqual(min.denials[0]);
      expect(denials / negatives.length).toBeLessThanOrEqual(min.denials[1]);
      expect(kinds.size).toBe(NegativeKindSchema.options.length);
    });

    it(`${set}: at least ${min.assessments} assessment cases covering every category and every status`, () => {
      // Arrange
      const { assessments } = corpus[set];

      // Act
      const categories = new Set(assessments.map((a) => a.category));
      const statuses = new Map(StatusSchema.options.map((s) => [s, assessments.filter((a) => a.status === s).length]));

      // Assert
      expect(assessments.length).toBeGreaterThanOrEqual(min.assessments);
      expect([...categories].sort()).toEqual([...RiskCategorySchema.options].sort());
      for (const n of statuses.values()) expect(n).toBeGreaterThanOrEqual(3);
      if (min.asr) expect(assessments.some((a) => a.style === 'asr')).toBe(true);
    });

    it(`${set}: denials cover every category`, () => {
      // Arrange
      const { negatives } = corpus[set];

      // Act
      const denied = new Set(negatives.flatMap((n) => (n.deniedCategory === undefined ? [] : [n.deniedCategory])));
      const missing = RiskCategorySchema.options.filter((category) => !denied.has(category));

      // Assert
      expect(missing).toEqual([]);
    });
  }
});

describe('risk corpus: assessment cases', () => {
  for (const set of SETS) {
    it(`${set}: the disclosure turn is a client turn and asked items are listed once`, () => {
      for (const a of corpus[set].assessments) {
        // Act
        const turn = a.turns[a.disclosureTurn];

        // Assert
        expect({ id: a.id, client: turn?.startsWith('Client: ') }).toEqual({ id: a.id, client: true });
        expect({ id: a.id, asked: new Set(a.asked).size }).toEqual({ id: a.id, asked: a.asked.length });
        if (a.asked.length > 0) expect(a.turns.some((t) => t.startsWith('Therapist: '))).toBe(true);
      }
    });

    it(`${set}: status agrees with the status rule`, () => {
      // Act
      const disagreements = corpus[set].assessments
        .map((a) => ({ id: a.id, written: a.status, rule: expectedStatus(a.category, a.asked) }))
        .filter((r) => r.written !== r.rule);

      // Assert
      expect(disagreements).toEqual([]);
    });
  }

  it('hopelessness and access_to_means cases get the same status under either rule, so the choice of rule cannot decide them', () => {
    // Arrange
    const borderline = SETS.flatMap((set) => corpus[set].assessments).filter((a) => a.category === 'hopelessness' || a.category === 'access_to_means');

    // Act
    const split = borderline.filter((a) => suicideRule(a.asked) !== otherRule(a.asked)).map((a) => a.id);

    // Assert
    expect(borderline.length).toBeGreaterThan(0);
    expect(split).toEqual([]);
  });
});
