/**
 * Structural checks for the FHIR R4 data types the note resources use. Each check appends
 * `path: problem` messages to `out`, so one pass reports every problem with the element it is in.
 */
import { createHash } from 'node:crypto';
import { decodeBase64, isAbsoluteUri, isBase64, isCode, isDateTime, isFhirId, isInstant, isLanguageTag, isUnsignedInt, isUri } from './primitives.js';
import { xhtmlProblems } from './xhtml.js';

export type Json = Record<string, unknown>;
export type Problems = string[];

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The element's value, reporting it when a 1..1 / 1..* element is absent. */
export function required(parent: Json, key: string, path: string, out: Problems): unknown {
  const value = parent[key];
  if (value === undefined) out.push(`${path}.${key}: required, but missing`);
  return value;
}

/** The element as an object, reporting anything else; undefined when absent. */
export function object(value: unknown, path: string, out: Problems): Json | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    out.push(`${path}: expected an object${Array.isArray(value) ? ' (this element repeats at most once)' : ''}`);
    return undefined;
  }
  return value;
}

/** The element as an array (0..* / 1..*), reporting a single value where a list belongs. */
export function array(value: unknown, path: string, out: Problems): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    out.push(`${path}: expected an array`);
    return [];
  }
  return value;
}

export function string(value: unknown, path: string, out: Problems): void {
  if (value === undefined) return;
  if (typeof value !== 'string') out.push(`${path}: expected a string`);
  else if (value.length > 0 && value.trim().length === 0) out.push(`${path}: must not be empty or only whitespace`);
}

export function code(value: unknown, path: string, out: Problems, allowed?: readonly string[]): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !isCode(value)) {
    out.push(`${path}: ${JSON.stringify(value)} is not a code (a non-empty string with no leading, trailing or repeated whitespace)`);
  } else if (allowed && !allowed.includes(value)) {
    out.push(`${path}: "${value}" is not one of ${allowed.join(' | ')}`);
  }
}

export function uri(value: unknown, path: string, out: Problems, absolute = false): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !(absolute ? isAbsoluteUri(value) : isUri(value))) {
    out.push(`${path}: ${JSON.stringify(value)} is not ${absolute ? 'an absolute URI' : 'a URI'}`);
  }
}

export function instant(value: unknown, path: string, out: Problems): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !isInstant(value)) {
    out.push(`${path}: ${JSON.stringify(value)} is not an instant (YYYY-MM-DDThh:mm:ss[.fff] with Z or ±hh:mm)`);
  }
}

export function dateTime(value: unknown, path: string, out: Problems): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !isDateTime(value)) {
    out.push(`${path}: ${JSON.stringify(value)} is not a dateTime (YYYY, YYYY-MM, YYYY-MM-DD or a full timestamp with a zone)`);
  }
}

export function id(value: unknown, path: string, out: Problems): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || !isFhirId(value)) out.push(`${path}: ${JSON.stringify(value)} is not an id ([A-Za-z0-9-.]{1,64})`);
}

export function coding(value: unknown, path: string, out: Problems): void {
  const c = object(value, path, out);
  if (!c) return;
  uri(c.system, `${path}.system`, out, true);
  string(c.version, `${path}.version`, out);
  code(c.code, `${path}.code`, out);
  string(c.display, `${path}.display`, out);
  if (c.userSelected !== undefined && typeof c.userSelected !== 'boolean') out.push(`${path}.userSelected: expected a boolean`);
  if (c.code !== undefined && c.system === undefined) out.push(`${path}.system: missing; a code means nothing without its code system`);
}

export function codeableConcept(value: unknown, path: string, out: Problems): void {
  const cc = object(value, path, out);
  if (!cc) return;
  array(cc.coding, `${path}.coding`, out).forEach((c, i) => {
    coding(c, `${path}.coding[${i}]`, out);
  });
  string(cc.text, `${path}.text`, out);
}

export function reference(value: unknown, path: string, out: Problems): void {
  const ref = object(value, path, out);
  if (!ref) return;
  string(ref.reference, `${path}.reference`, out);
  uri(ref.type, `${path}.type`, out);
  string(ref.display, `${path}.display`, out);
  if (ref.reference === undefined && ref.identifier === undefined && ref.display === undefined) {
    out.push(`${path}: a Reference needs a reference, an identifier or a display (ref-1)`);
  }
}

export function period(value: unknown, path: string, out: Problems): void {
  const p = object(value, path, out);
  if (!p) return;
  dateTime(p.start, `${path}.start`, out);
  dateTime(p.end, `${path}.end`, out);
  if (typeof p.start === 'string' && typeof p.end === 'string' && Date.parse(p.start) > Date.parse(p.end)) {
    out.push(`${path}: start is after end (per-1)`);
  }
}

/** Attachment, including that an inline `data` agrees with its declared `size` and SHA-1 `hash`. */
export function attachment(value: unknown, path: string, out: Problems): void {
  const a = object(value, path, out);
  if (!a) return;
  code(a.contentType, `${path}.contentType`, out);
  if (a.language !== undefined && (typeof a.language !== 'string' || !isLanguageTag(a.language))) {
    out.push(`${path}.language: ${JSON.stringify(a.language)} is not a BCP-47 language tag`);
  }
  uri(a.url, `${path}.url`, out);
  string(a.title, `${path}.title`, out);
  dateTime(a.creation, `${path}.creation`, out);
  if (a.size !== undefined && !isUnsignedInt(a.size)) out.push(`${path}.size: ${JSON.stringify(a.size)} is not an unsignedInt`);
  const hashValid = a.hash === undefined || (typeof a.hash === 'string' && isBase64(a.hash) && decodeBase64(a.hash).length === 20);
  if (!hashValid) out.push(`${path}.hash: must be the base64 of a 20-byte SHA-1 digest`);

  if (a.data === undefined) return;
  if (typeof a.data !== 'string' || !isBase64(a.data)) {
    out.push(`${path}.data: not valid base64 (A-Z, a-z, 0-9, +, / in groups of four, = padding)`);
    return;
  }
  if (a.contentType === undefined) out.push(`${path}.contentType: required when data is present (att-1)`);
  const bytes = decodeBase64(a.data);
  if (isUnsignedInt(a.size) && a.size !== bytes.length) {
    out.push(`${path}.size: ${a.size} does not match the ${bytes.length} bytes the data decodes to`);
  }
  if (hashValid && typeof a.hash === 'string' && createHash('sha1').update(bytes).digest('base64') !== a.hash.replace(/\s+/g, '')) {
    out.push(`${path}.hash: does not match the SHA-1 of the decoded data`);
  }
}

const NARRATIVE_STATUS = ['generated', 'extensions', 'additional', 'empty'] as const;

export function narrative(value: unknown, path: string, out: Problems): void {
  const n = object(value, path, out);
  if (!n) return;
  code(required(n, 'status', path, out), `${path}.status`, out, NARRATIVE_STATUS);
  const div = required(n, 'div', path, out);
  if (div === undefined) return;
  if (typeof div !== 'string') out.push(`${path}.div: expected an XHTML string`);
  else for (const problem of xhtmlProblems(div)) out.push(`${path}.div: ${problem}`);
}

export function meta(value: unknown, path: string, out: Problems): void {
  const m = object(value, path, out);
  if (!m) return;
  id(m.versionId, `${path}.versionId`, out);
  instant(m.lastUpdated, `${path}.lastUpdated`, out);
  uri(m.source, `${path}.source`, out);
  array(m.profile, `${path}.profile`, out).forEach((p, i) => {
    uri(p, `${path}.profile[${i}]`, out, true);
  });
  array(m.security, `${path}.security`, out).forEach((c, i) => {
    coding(c, `${path}.security[${i}]`, out);
  });
  array(m.tag, `${path}.tag`, out).forEach((c, i) => {
    coding(c, `${path}.tag[${i}]`, out);
  });
}

export function extensions(value: unknown, path: string, out: Problems): void {
  array(value, path, out).forEach((item, i) => {
    const at = `${path}[${i}]`;
    const ext = object(item, at, out);
    if (!ext) return;
    uri(required(ext, 'url', at, out), `${at}.url`, out);
    const values = Object.keys(ext).filter((k) => k.startsWith('value'));
    if (values.length > 1) out.push(`${at}: has ${values.join(' and ')}; an extension has one value[x]`);
    if (values.length > 0 && ext.extension !== undefined) out.push(`${at}: has both a value and nested extensions (ext-1)`);
    if (values.length === 0 && ext.extension === undefined) out.push(`${at}: has neither a value nor nested extensions (ext-1)`);
    extensions(ext.extension, `${at}.extension`, out);
  });
}

/** Elements not defined for this type: a misspelt element is silently dropped by most servers. */
export function unknownElements(value: Json, type: string, known: readonly string[], path: string, out: Problems): void {
  for (const key of Object.keys(value)) {
    const element = key.startsWith('_') ? key.slice(1) : key;
    if (!known.includes(element)) out.push(`${path}.${key}: not an element of ${type}; check the spelling`);
  }
}

/**
 * FHIR JSON never carries null, "", [] or {} (ele-1: every element has a value or children):
 * absent elements are omitted. Narrative `div`s are checked by `narrative`.
 */
export function noEmptyValues(value: unknown, path: string, out: Problems): void {
  if (value === null) out.push(`${path}: null is not allowed; omit the element instead`);
  else if (typeof value === 'string' && value.length === 0) out.push(`${path}: empty string is not allowed; omit the element instead`);
  else if (Array.isArray(value)) {
    if (value.length === 0) out.push(`${path}: empty array is not allowed; omit the element instead`);
    value.forEach((item, i) => {
      noEmptyValues(item, `${path}[${i}]`, out);
    });
  } else if (isObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) out.push(`${path}: empty object is not allowed; omit the element instead`);
    for (const [key, child] of entries) noEmptyValues(child, `${path}.${key}`, out);
  }
}
