/**
 * Checks a Narrative `div` against FHIR R4's xhtml rules (https://hl7.org/fhir/R4/narrative.html):
 * one XHTML-namespaced `div`, well formed, basic formatting only (txt-1), some content (txt-2). Not
 * a full XML parser: it tokenises tags, text and entities, which is what generated narrative uses.
 */

const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** Elements txt-1 rules out: scripts, forms, frames, objects, document-level and linking elements. */
const FORBIDDEN = new Set([
  'script',
  'style',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'option',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'param',
  'head',
  'body',
  'html',
  'base',
  'link',
  'meta',
  'title',
]);

const TAG = /<(\/?)([A-Za-z][A-Za-z0-9:_-]*)((?:\s+[A-Za-z_:][A-Za-z0-9:_.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /([A-Za-z_:][A-Za-z0-9:_.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const COMMENT = /<!--[\s\S]*?-->/y;
const ENTITY = /&(?:#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);/y;

/** Problems with the div, each a short phrase (the caller adds the element path). */
export function xhtmlProblems(div: string): string[] {
  const problems: string[] = [];
  const trimmed = div.trim();
  if (!trimmed.startsWith('<div')) problems.push('must be a single <div> element');

  const stack: string[] = [];
  let sawRoot = false;
  let hasContent = false;
  let i = 0;
  while (i < trimmed.length) {
    const ch = trimmed[i]!;
    if (ch === '<') {
      COMMENT.lastIndex = i;
      if (COMMENT.test(trimmed)) {
        i = COMMENT.lastIndex;
        continue;
      }
      TAG.lastIndex = i;
      const tag = TAG.exec(trimmed);
      if (!tag) {
        problems.push(`has an unescaped "<" or a malformed tag at character ${i}; escape text as &lt;`);
        break;
      }
      i = TAG.lastIndex;
      const [, closing, rawName, attributes = '', selfClosing] = tag;
      const name = rawName!.toLowerCase();
      if (closing) {
        const open = stack.pop();
        if (open !== name) {
          problems.push(`closes <${name}> where <${open ?? 'nothing'}> is open; the XHTML is not well formed`);
          break;
        }
        continue;
      }
      if (stack.length === 0 && sawRoot) {
        problems.push('has content after the closing </div>; wrap everything in one <div>');
        break;
      }
      if (stack.length === 0) {
        sawRoot = true;
        if (name === 'div' && attributeValue(attributes, 'xmlns') !== XHTML_NS) {
          problems.push(`the <div> must declare xmlns="${XHTML_NS}"`);
        }
      }
      if (FORBIDDEN.has(name)) problems.push(`contains a <${name}> element, which FHIR narrative forbids (txt-1)`);
      for (const [attr, value] of attributeEntries(attributes)) {
        if (attr.toLowerCase().startsWith('on')) problems.push(`has an event-handler attribute ${attr}, which FHIR narrative forbids (txt-1)`);
        if (/^\s*javascript:/i.test(value)) problems.push('has a javascript: link, which FHIR narrative forbids (txt-1)');
      }
      if (name === 'img') hasContent = true;
      if (!selfClosing) stack.push(name);
      continue;
    }
    if (stack.length === 0) {
      if (!/\s/.test(ch)) {
        problems.push('has text outside the root <div>');
        break;
      }
    } else if (ch === '&') {
      ENTITY.lastIndex = i;
      if (!ENTITY.test(trimmed)) {
        problems.push(`has an unescaped "&" at character ${i}; escape it as &amp;`);
        break;
      }
      hasContent = true;
      i = ENTITY.lastIndex;
      continue;
    } else if (!/\s/.test(ch)) {
      hasContent = true;
    }
    i += 1;
  }
  if (problems.length === 0 && stack.length > 0) problems.push(`leaves <${stack[stack.length - 1]}> unclosed; the XHTML is not well formed`);
  if (problems.length === 0 && !hasContent) problems.push('has no text content (txt-2); say why the section is empty instead');
  return problems;
}

function attributeEntries(attributes: string): [string, string][] {
  return [...attributes.matchAll(ATTRIBUTE)].map((m) => [m[1]!, m[2] ?? m[3] ?? '']);
}

function attributeValue(attributes: string, name: string): string | undefined {
  return attributeEntries(attributes).find(([attr]) => attr === name)?.[1];
}
