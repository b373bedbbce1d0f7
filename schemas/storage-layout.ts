/**
 * Where everything a session leaves is kept, in one place. The handlers write and read these keys, the
 * erasure deletes under them, and the stack grants, expires and routes by their prefixes (IAM resources,
 * lifecycle rules, the upload rule, Transcribe's OutputKey), so a key is spelled here and nowhere else.
 *
 * uploads bucket    uploads/<tenant>/<client>/<session>.<ext>               the recording or transcript file
 * artifacts bucket  transcribe/<tenant>/<client>/<session>.json             Amazon Transcribe's output, deleted once normalized
 *                   transcripts/<tenant>/<client>/<session>.json            the canonical transcript
 *                   transcripts/<tenant>/<client>/<session>.analysis.json   its analysis (beside it: same grants, retention, erasure)
 *                   notes/<tenant>/<client>/<session>.json                  the progress note
 *                   alliance/<tenant>/<client>/<session>.json               scores, risk and the supervision report
 *                   receipts/<tenant>/<yyyy-mm-dd>/<receiptId>.json         deletion receipts of expiries: ids, keys, counts
 *
 * Pure: no I/O, so the core, the handlers, the local runtime and the CDK app can all import it.
 */

/** The ids every session key is built from. */
export interface SessionIds {
  tenantId: string;
  clientId: string;
  sessionId: string;
}

/** The key prefixes, each ending in `/`. */
export const PREFIXES = {
  uploads: 'uploads/',
  transcribeOutput: 'transcribe/',
  transcripts: 'transcripts/',
  notes: 'notes/',
  alliance: 'alliance/',
  receipts: 'receipts/',
} as const;

/** How an upload's key must look, as refusals and docs show it. */
export const UPLOAD_KEY_LAYOUT = `${PREFIXES.uploads}<tenant>/<client>/<session>.<ext>`;

/** What the workflow writes for a session in the artifacts bucket, by name. */
const ARTIFACTS = {
  transcribeOutput: { prefix: PREFIXES.transcribeOutput, suffix: '.json' },
  transcript: { prefix: PREFIXES.transcripts, suffix: '.json' },
  analysis: { prefix: PREFIXES.transcripts, suffix: '.analysis.json' },
  note: { prefix: PREFIXES.notes, suffix: '.json' },
  alliance: { prefix: PREFIXES.alliance, suffix: '.json' },
} as const;
export type ArtifactName = keyof typeof ARTIFACTS;

/** `<tenant>/<client>/<session>.`: the `.` ends the session id, so session s1 never takes s10's keys with it. */
const sessionPart = (ids: SessionIds): string => `${ids.tenantId}/${ids.clientId}/${ids.sessionId}.`;

/**
 * Where a session's upload is put; without an extension, the key ValidateUpload refuses for having none.
 * @example uploadKey({ tenantId: 'acme', clientId: 'c1', sessionId: 's1' }, 'wav') // 'uploads/acme/c1/s1.wav'
 */
export function uploadKey(ids: SessionIds, extension?: string): string {
  return `${PREFIXES.uploads}${ids.tenantId}/${ids.clientId}/${ids.sessionId}${extension ? `.${extension}` : ''}`;
}

/**
 * Where the workflow keeps one of a session's artifacts.
 * @example artifactKey({ tenantId: 'acme', clientId: 'c1', sessionId: 's1' }, 'note') // 'notes/acme/c1/s1.json'
 */
export function artifactKey(ids: SessionIds, name: ArtifactName): string {
  const { prefix, suffix } = ARTIFACTS[name];
  return `${prefix}${ids.tenantId}/${ids.clientId}/${ids.sessionId}${suffix}`;
}

/**
 * An artifact's key with `{}` for each id, in the order tenant, client, session: the template Step
 * Functions' `States.Format` fills (Transcribe's OutputKey).
 */
export function artifactKeyTemplate(name: ArtifactName): string {
  return artifactKey({ tenantId: '{}', clientId: '{}', sessionId: '{}' }, name);
}

/** Every key under `prefix` that belongs to one session (its upload, or its artifacts under that prefix). */
export function sessionKeyPrefix(prefix: string, ids: SessionIds): string {
  return `${prefix}${sessionPart(ids)}`;
}

/** Every key under `prefix` that belongs to one of a tenant's clients. */
export function clientKeyPrefix(prefix: string, ids: Pick<SessionIds, 'tenantId' | 'clientId'>): string {
  return `${prefix}${ids.tenantId}/${ids.clientId}/`;
}

/** Where the deletion receipt of an expiry is kept: by tenant and day, so an auditor lists a day at once. */
export function receiptKey(receipt: { tenantId: string; deletedAt: string; receiptId: string }): string {
  return `${PREFIXES.receipts}${receipt.tenantId}/${receipt.deletedAt.slice(0, 10)}/${receipt.receiptId}.json`;
}

/**
 * Where a session's traces are kept: every prefix under which a key of the session is
 * `<prefix><tenant>/<client>/<session>.…`, with the bucket it is in. An erasure deletes under each.
 */
export const SESSION_TRACES = [
  { kind: 'upload', bucket: 'uploads', prefix: PREFIXES.uploads },
  { kind: 'transcript', bucket: 'artifacts', prefix: PREFIXES.transcripts },
  { kind: 'transcription', bucket: 'artifacts', prefix: PREFIXES.transcribeOutput },
  { kind: 'note', bucket: 'artifacts', prefix: PREFIXES.notes },
  { kind: 'alliance', bucket: 'artifacts', prefix: PREFIXES.alliance },
] as const;

/** The artifacts-bucket prefixes a session's traces are under (grants for erasure, lifecycle rules). */
export const ARTIFACT_TRACE_PREFIXES = SESSION_TRACES.filter((trace) => trace.bucket === 'artifacts').map((trace) => trace.prefix) as [string, ...string[]];

/**
 * Reads a session artifact's key back into its name and ids; null for any other key (an upload, a
 * receipt, a key not laid out here). Ids are not validated: a caller that trusts them checks them.
 */
export function parseArtifactKey(key: string): { name: ArtifactName; ids: SessionIds } | null {
  // Longest suffix first: `.analysis.json` also ends in `.json`.
  const names = (Object.keys(ARTIFACTS) as ArtifactName[]).sort((a, b) => ARTIFACTS[b].suffix.length - ARTIFACTS[a].suffix.length);
  for (const name of names) {
    const { prefix, suffix } = ARTIFACTS[name];
    if (!key.startsWith(prefix) || !key.endsWith(suffix)) continue;
    const segments = key.slice(prefix.length, key.length - suffix.length).split('/');
    if (segments.length !== 3 || segments.some((segment) => segment === '' || segment.includes('.'))) continue;
    const [tenantId, clientId, sessionId] = segments as [string, string, string];
    return { name, ids: { tenantId, clientId, sessionId } };
  }
  return null;
}
