/**
 * What makes an upload acceptable, as pure functions: the key layout, the file types, the size and the
 * metadata the uploader must set. ValidateUpload applies all of it; the API checks a new session's
 * metadata with the same readers, and MarkFailed and the local runtime read ids back from a key.
 */
export { FAILURES, type Checked } from './failures.js';
export { decodeEventKey, parseUploadKey, type UploadKey } from './key.js';
export { classify, EXTENSIONS, KEY_LAYOUT, UPLOAD_PREFIX } from './layout.js';
export { METADATA, readChannels, readConsent, readDeclaredBytes, readSessionDate } from './metadata.js';
export { checkSize, formatBytes, MAX_TRANSCRIPT_BYTES } from './size.js';
