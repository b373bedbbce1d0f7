/**
 * What the use cases that write a signed, versioned record share (a session's note: edit-note.ts,
 * sign-note.ts; a client's plan: plan-edit.ts, plan-sign.ts): its size as the stores measure it, and the
 * seal a signature records.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.js';

/** A value's size as UTF-8 JSON: how the DynamoDB adapters measure an item before they write it. */
export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** Bytes as whole kilobytes, rounded up, for a message. */
export const kilobytes = (bytes: number): number => Math.ceil(bytes / 1024);

/** The SHA-256 of a value's canonical JSON: what a signature seals, so anyone can check later what was signed. */
export const sha256Of = (value: unknown): string => createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
