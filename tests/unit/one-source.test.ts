/**
 * Issue 14, "one source each": every list a reader meets (note formats and their sections, flag types, alliance
 * dimensions) comes from its zod enum, and every map over one is exhaustive. The `@ts-expect-error` lines are the
 * type-level guard: each would compile if a map stopped being keyed by its enum, and `tsc --noEmit` then fails on
 * the unused directive. The runtime checks say the same for a reader of the test output.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { FLAG_DETECTORS } from '../../lambdas/core/alliance/flags.js';
import { ALLIANCE_TASK, noteTask } from '../../lambdas/core/model/prompts.js';
import { SECTION_WRITERS } from '../../lambdas/core/notes/sections.js';
import { NOTE_FORMATS } from '../../lib/config.js';
import { AllianceSchema, DimensionNameSchema, FlagTypeSchema, type Alliance, type DimensionName, type FlagType } from '../../schemas/alliance.js';
import { NOTE_FORMAT_TITLES, NOTE_SECTIONS, NoteFormatSchema, type NoteFormat, type NoteSectionName } from '../../schemas/note.js';

const FORMATS = NoteFormatSchema.options;

describe('note formats', () => {
  it.each(FORMATS)('%s has sections, a title, a writer for each section and the model guidance for each', (format) => {
    const sections = NOTE_SECTIONS[format];
    expect(sections.length).toBeGreaterThan(0);
    expect(NOTE_FORMAT_TITLES[format]).toMatch(/\S/);
    expect(Object.keys(SECTION_WRITERS[format]).sort()).toEqual([...sections].sort());
    const task = noteTask(format);
    for (const name of sections) expect(task).toMatch(new RegExp(`^- "${name}": \\S`, 'm'));
  });

  it('are listed in one place: the deployment settings take the schema’s list', () => {
    expect([...NOTE_FORMATS]).toEqual(FORMATS);
    expect(Object.keys(NOTE_SECTIONS)).toEqual(FORMATS);
    expect(Object.keys(SECTION_WRITERS)).toEqual(FORMATS);
  });

  it('name their sections by format, so a writer map must cover exactly the format’s sections', () => {
    expectTypeOf<keyof typeof SECTION_WRITERS>().toEqualTypeOf<NoteFormat>();
    expectTypeOf<NoteSectionName<'dap'>>().toEqualTypeOf<'Data' | 'Assessment' | 'Plan'>();
    expectTypeOf<keyof (typeof SECTION_WRITERS)['girp']>().toEqualTypeOf<NoteSectionName<'girp'>>();
    const write = () => [];
    // @ts-expect-error a DAP layout without its Plan does not compile
    const missing: (typeof SECTION_WRITERS)['dap'] = { Data: write, Assessment: write };
    // @ts-expect-error nor does one with a section DAP does not have
    const extra: (typeof SECTION_WRITERS)['dap'] = { Data: write, Assessment: write, Plan: write, Objective: write };
    expect([missing, extra]).toHaveLength(2);
  });
});

describe('challenge flags', () => {
  it.each(FlagTypeSchema.options)('%s has a detector and a description in the model prompt', (type) => {
    expect(typeof FLAG_DETECTORS[type]).toBe('function');
    expect(ALLIANCE_TASK).toMatch(new RegExp(`^- "${type}": \\S`, 'm'));
  });

  it('has a detector for exactly the schema’s types', () => {
    expectTypeOf<keyof typeof FLAG_DETECTORS>().toEqualTypeOf<FlagType>();
    expect(Object.keys(FLAG_DETECTORS)).toEqual(FlagTypeSchema.options);
  });
});

describe('alliance dimensions', () => {
  it.each(DimensionNameSchema.options)('%s is anchored in the model prompt and has a place in its answer', (name) => {
    expect(ALLIANCE_TASK).toMatch(new RegExp(`^- "${name}": \\S`, 'm'));
    expect(ALLIANCE_TASK).toMatch(new RegExp(`^ {4}"${name}": \\{ "score": 60,`, 'm'));
  });

  it('are the keys of the alliance’s dimensions, and the prompt counts them right', () => {
    expectTypeOf<keyof Alliance['dimensions']>().toEqualTypeOf<DimensionName>();
    expect(Object.keys(AllianceSchema.shape.dimensions.shape)).toEqual(DimensionNameSchema.options);
    expect(ALLIANCE_TASK).toContain(`on ${['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven'][DimensionNameSchema.options.length]} dimensions`);
  });
});
