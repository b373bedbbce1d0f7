/**
 * A clinic's note templates (docs/templates.md): for each note format, the order of its sections, the
 * heading each is shown under, and the lines the clinic requires in every note, such as a payer's
 * medical-necessity statement. Read from cdk.json context (`attune:noteTemplates`) in AWS and from
 * `note-templates.json` locally; a mistake is refused before anything runs, naming where it is.
 */
import { z } from 'zod';
import { NOTE_SECTIONS, NoteFormatSchema, type NoteFormat } from './note.js';

const FORMATS = NoteFormatSchema.options;

/** `Subjective, Objective, Assessment or Plan`. */
function either(values: readonly string[]): string {
  return values.length < 2 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

/** What the user typed, for a message: short and quoted, never a stack of JSON. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${String(text).slice(0, 60)}'`;
}

/** A strict object whose unknown keys are named with the keys that are allowed there. */
function strict<T extends z.ZodRawShape>(shape: T, where: string) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map(shown).join(', ')} in ${where}: use ${either(allowed)}`
        : undefined,
  });
}

/** A display name for a section or a line: one line of plain text. */
const DisplayText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\r\n]*$/, 'must be one line');

/** The colon ends the label in the note ("Medical necessity: …"), so a label has none of its own. */
const LabelSchema = DisplayText(80).regex(/^[^:]*$/, 'must not contain ":" (the note writes "<label>: …")');

const LineIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case letters, digits and single hyphens, e.g. 'medical-necessity'")
  .max(64, 'must be at most 64 characters');

/** One format's template. Each section name is the format's own (NOTE_SECTIONS), whatever heading it is shown under. */
function formatTemplateSchema(format: NoteFormat) {
  const sections = NOTE_SECTIONS[format] as readonly [string, ...string[]];
  const label = format.toUpperCase();
  const Section = z.enum(sections, {
    error: (issue) => `${shown(issue.input)} is not a ${label} section: use ${either(sections)} (the format's own names; a heading renames one)`,
  });
  const headings = Object.fromEntries(sections.map((name) => [name, DisplayText(80).optional()])) as Record<
    string,
    z.ZodOptional<ReturnType<typeof DisplayText>>
  >;
  const line = strict(
    {
      id: LineIdSchema,
      section: Section,
      label: LabelSchema,
      prompt: DisplayText(300).optional(),
    },
    'a required line',
  );
  return strict(
    {
      /** The sections in the order the note shows them; sections left out follow, in the format's order. */
      order: z.array(Section).optional(),
      /** The heading each section is shown under, by its format name. */
      headings: strict(headings, `${label} headings (keys are the format's section names)`).optional(),
      /** Lines every note must carry before it is signed; each starts as a gap for the clinician to complete. */
      requiredLines: z.array(line).optional(),
    },
    `the ${label} template`,
  ).superRefine((template, ctx) => {
    const twice = (values: readonly string[]) => [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
    for (const name of twice(template.order ?? [])) {
      ctx.addIssue({ code: 'custom', path: ['order'], message: `${name} is listed more than once: list each section at most once` });
    }
    const headings = Object.values(template.headings ?? {}).filter((h): h is string => h !== undefined);
    for (const heading of twice(headings.map((h) => h.toLowerCase()))) {
      ctx.addIssue({ code: 'custom', path: ['headings'], message: `two sections have the heading ${shown(heading)}: give each its own` });
    }
    const lines = template.requiredLines ?? [];
    for (const id of twice(lines.map((l) => l.id))) {
      ctx.addIssue({ code: 'custom', path: ['requiredLines'], message: `the id ${shown(id)} is used more than once: give each line its own id` });
    }
    // Signing finds a line by its label, so two lines with one label would be one line.
    for (const labelText of twice(lines.map((l) => l.label.toLowerCase()))) {
      ctx.addIssue({ code: 'custom', path: ['requiredLines'], message: `the label ${shown(labelText)} is used more than once: give each line its own label` });
    }
  });
}

/** Every format's template schema, by format. */
const FORMAT_TEMPLATES = Object.fromEntries(FORMATS.map((f) => [f, formatTemplateSchema(f).optional()])) as {
  [F in NoteFormat]: z.ZodOptional<ReturnType<typeof formatTemplateSchema>>;
};

export const NoteTemplatesSchema = strict(
  {
    /** The format the clinic writes when nothing else says (`attune:noteFormat`, `--note`). */
    default: z.enum(FORMATS, { error: (issue) => `${shown(issue.input)} is not a note format: use ${either(FORMATS)}` }).optional(),
    ...FORMAT_TEMPLATES,
  },
  'the note templates',
);

export type NoteTemplates = z.infer<typeof NoteTemplatesSchema>;
export type NoteTemplate = NonNullable<NoteTemplates[NoteFormat]>;
export type RequiredLine = NonNullable<NoteTemplate['requiredLines']>[number];

/** A template that cannot be used; `issues` has one line per problem, each naming its place in the file. */
export class NoteTemplateError extends Error {
  override readonly name = 'NoteTemplateError';
  constructor(
    /** The file or the cdk.json context key the templates came from. */
    readonly source: string,
    readonly issues: readonly string[],
  ) {
    super(`${source} is not a valid note template (docs/templates.md):\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

/** `soap.requiredLines[0].section` */
function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

/**
 * Validates a clinic's templates: a parsed value, or JSON text (`-c attune:noteTemplates='{…}'`, a file's
 * contents, an environment variable).
 * @param source where they came from, for the message, e.g. `/home/x/.attune/note-templates.json`
 * @throws NoteTemplateError listing every problem with its path
 *
 * @example
 * parseNoteTemplates('{"soap":{"order":["Assessment","Plan"]}}', 'note-templates.json').soap?.order; // ['Assessment', 'Plan']
 */
export function parseNoteTemplates(json: unknown, source: string): NoteTemplates {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new NoteTemplateError(source, [`is not JSON (${(error as Error).message}): write one JSON object, as docs/templates.md shows`]);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new NoteTemplateError(source, [
      `must be a JSON object with a key per note format (${FORMATS.join(', ')}), not ${Array.isArray(value) ? 'a list' : shown(value)}`,
    ]);
  }
  const result = NoteTemplatesSchema.safeParse(value);
  if (result.success) return result.data;
  throw new NoteTemplateError(
    source,
    result.error.issues.map((issue) => (issue.path.length === 0 ? issue.message : `${pathOf(issue.path)}: ${issue.message}`)),
  );
}
