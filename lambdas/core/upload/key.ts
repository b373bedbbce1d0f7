/** Reading an upload's key: its ids and its file type, or why it is not one of ours. */
import { IdSchema } from '../../../schemas/session-record.js';
import type { Upload } from '../../../schemas/workflow.js';
import { FAILURES, refuse, ok, type Checked } from './failures.js';
import { KEY_LAYOUT, UPLOAD_PREFIX, isExtension } from './layout.js';

export interface UploadKey {
  tenantId: string;
  clientId: string;
  sessionId: string;
  extension: Upload['extension'];
}

/**
 * Reads `uploads/<tenant>/<client>/<session>.<ext>`. Valid ids use only characters that URL-encoding
 * leaves alone, so a valid key reads the same whether or not the event encoded it; any `%`, `+` or space
 * means the key is not one of ours, and `%2e%2e` is caught as the traversal it decodes to.
 */
export function parseUploadKey(key: string): Checked<UploadKey> {
  if (/[%+ ]/.test(key)) {
    const decoded = decodeEventKey(key);
    return refuse(decoded !== null && hasDotSegment(decoded) ? FAILURES.traversal : FAILURES.encoded);
  }
  if (hasDotSegment(key)) return refuse(FAILURES.traversal);
  if (!key.startsWith(UPLOAD_PREFIX)) return refuse(FAILURES.notUnderUploads);
  const segments = key.slice(UPLOAD_PREFIX.length).split('/');
  if (segments.length !== 3) return refuse(FAILURES.segments);
  const [tenantId, clientId, fileName] = segments as [string, string, string];
  const dot = fileName.lastIndexOf('.');
  const sessionId = dot > 0 ? fileName.slice(0, dot) : fileName;
  for (const [what, value] of [
    ['tenant', tenantId],
    ['client', clientId],
    ['session', sessionId],
  ] as const) {
    if (!IdSchema.safeParse(value).success) {
      return refuse({
        code: 'invalid_key',
        message: `the ${what} id in the key is not valid: ids are 1-64 letters, digits, "-" or "_", starting with a letter or digit (${KEY_LAYOUT})`,
      });
    }
  }
  const ids = { tenantId, clientId, sessionId };
  if (dot <= 0) return refuse(FAILURES.noExtension, ids);
  const extension = fileName.slice(dot + 1).toLowerCase();
  if (!isExtension(extension)) return refuse(FAILURES.extension, ids);
  return ok({ ...ids, extension });
}

/** `+` is a space and `%xx` a byte in a form-encoded key; null when the escapes are malformed. */
export function decodeEventKey(key: string): string | null {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function hasDotSegment(key: string): boolean {
  return key.split('/').some((segment) => segment === '.' || segment === '..');
}
