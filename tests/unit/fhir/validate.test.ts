import { describe, expect, it } from 'vitest';
import { toComposition, toDocumentReference, validateR4 } from '../../../lambdas/core/fhir/index.js';
import { makeMarkdown, makeNote } from './make-note.js';

// `any` on purpose: these tests break resources in ways the FHIR types forbid.
type Json = Record<string, any>;

function validDocumentReference(): Json {
  const note = makeNote();
  return structuredClone(toDocumentReference(note, { markdown: makeMarkdown(note) })) as Json;
}

function validComposition(): Json {
  return structuredClone(toComposition(makeNote())) as Json;
}

function problemsOf(resource: Json, breakIt: (r: Json) => void): string[] {
  breakIt(resource);
  return validateR4(resource);
}

describe('validateR4 on a DocumentReference', () => {
  it('accepts the exported resource', () => {
    expect(validateR4(validDocumentReference())).toEqual([]);
  });

  it.each([
    ['missing status', (r: Json) => delete r.status, 'DocumentReference.status: required'],
    ['unknown status', (r: Json) => (r.status = 'draft'), 'DocumentReference.status: "draft" is not one of'],
    ['date without a zone', (r: Json) => (r.date = '2024-05-02T15:04:05'), 'DocumentReference.date:'],
    ['date that is no day', (r: Json) => (r.date = '2024-02-30T10:00:00Z'), 'DocumentReference.date:'],
    ['missing content', (r: Json) => delete r.content, 'DocumentReference.content: required'],
    ['empty content', (r: Json) => (r.content = []), 'DocumentReference.content: required 1..*'],
    ['content without attachment', (r: Json) => delete r.content[0].attachment, 'DocumentReference.content[0].attachment: required'],
    ['bad base64', (r: Json) => (r.content[0].attachment.data = 'not base64!'), 'DocumentReference.content[0].attachment.data: not valid base64'],
    ['wrong size', (r: Json) => (r.content[0].attachment.size += 1), 'DocumentReference.content[0].attachment.size:'],
    [
      'wrong hash',
      (r: Json) => (r.content[0].attachment.hash = Buffer.alloc(20).toString('base64')),
      'DocumentReference.content[0].attachment.hash: does not match',
    ],
    [
      'data without a content type',
      (r: Json) => delete r.content[0].attachment.contentType,
      'DocumentReference.content[0].attachment.contentType: required when data is present',
    ],
    ['bad id', (r: Json) => (r.id = 'a/b'), 'DocumentReference.id:'],
    ['relative code system', (r: Json) => (r.type.coding[0].system = 'loinc'), 'DocumentReference.type.coding[0].system:'],
    ['code with trailing space', (r: Json) => (r.type.coding[0].code = '11506-3 '), 'DocumentReference.type.coding[0].code:'],
    ['misspelt element', (r: Json) => (r.stauts = 'current'), 'DocumentReference.stauts: not an element'],
    ['empty string', (r: Json) => (r.description = ''), 'DocumentReference.description: empty string'],
    ['null', (r: Json) => (r.subject = null), 'DocumentReference.subject:'],
    [
      'period ending before it starts',
      (r: Json) => (r.context.period = { start: '2024-05-03', end: '2024-05-02' }),
      'DocumentReference.context.period: start is after end',
    ],
  ])('reports %s, naming the element', (_case, breakIt, expected) => {
    const problems = problemsOf(validDocumentReference(), breakIt);

    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });

  it('reports every problem at once, not only the first', () => {
    const problems = problemsOf(validDocumentReference(), (r) => {
      delete r.status;
      r.date = 'soon';
    });

    expect(problems).toHaveLength(2);
  });
});

describe('validateR4 on a Composition', () => {
  it('accepts the exported resource', () => {
    expect(validateR4(validComposition())).toEqual([]);
  });

  it.each([
    ['missing status', (r: Json) => delete r.status, 'Composition.status: required'],
    ['missing author', (r: Json) => delete r.author, 'Composition.author: required'],
    ['empty author', (r: Json) => (r.author = []), 'Composition.author: required 1..*'],
    ['missing title', (r: Json) => delete r.title, 'Composition.title: required'],
    ['missing type', (r: Json) => delete r.type, 'Composition.type: required'],
    ['bad date', (r: Json) => (r.date = '02/05/2024'), 'Composition.date:'],
    ['un-namespaced div', (r: Json) => (r.section[1].text.div = '<div><p>Hi</p></div>'), 'Composition.section[1].text.div: the <div> must declare xmlns'],
    [
      'script in a div',
      (r: Json) => (r.section[1].text.div = '<div xmlns="http://www.w3.org/1999/xhtml"><script>x()</script></div>'),
      'Composition.section[1].text.div: contains a <script>',
    ],
    [
      'unescaped < in a div',
      (r: Json) => (r.section[1].text.div = '<div xmlns="http://www.w3.org/1999/xhtml"><p>a < b</p></div>'),
      'Composition.section[1].text.div: has an unescaped "<"',
    ],
    [
      'unclosed tag in a div',
      (r: Json) => (r.section[1].text.div = '<div xmlns="http://www.w3.org/1999/xhtml"><p>a</div>'),
      'Composition.section[1].text.div:',
    ],
    ['section with no content', (r: Json) => delete r.section[1].text, 'Composition.section[1]: a section needs text'],
    ['unknown confidentiality', (r: Json) => (r.confidentiality = 'secret'), 'Composition.confidentiality:'],
  ])('reports %s, naming the element', (_case, breakIt, expected) => {
    const problems = problemsOf(validComposition(), breakIt);

    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });
});

describe('validateR4 on anything else', () => {
  it('says what it cannot validate', () => {
    expect(validateR4('{}')).toEqual(['resource: expected a JSON object']);
    expect(validateR4({})).toEqual(['resourceType: required, but missing']);
    expect(validateR4({ resourceType: 'Patient' })[0]).toContain('"Patient" is not supported');
  });
});
