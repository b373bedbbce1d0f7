import type { Role, RoleAssignment } from '../../../schemas/transcript.js';
import { inferTherapist } from './infer-therapist.js';
import type { RawTurn } from './types.js';

/**
 * Who is the therapist? Labels that name a role (`Therapist`, `Client`, `Dr. Patel`, `T`) win; when
 * they do not (first names, `spk_0`, `ch_1`, `Speaker 2`), the therapist is inferred from how each
 * speaker talks (see infer-therapist.ts) and the result says so.
 */

const THERAPIST_WORDS = new Set([
  'therapist',
  'psychotherapist',
  'counselor',
  'counsellor',
  'clinician',
  'psychologist',
  'psychiatrist',
  'interviewer',
  'provider',
  'doctor',
  'dr',
]);
const CLIENT_WORDS = new Set(['client', 'patient', 'pt', 'participant', 'interviewee']);
const THERAPIST_ABBREVIATIONS = new Set(['t', 'th']);
const CLIENT_ABBREVIATIONS = new Set(['c', 'cl', 'pt']);
const WORDS = /[\p{L}]+/gu;

/** The role a label names by itself, or undefined when it is a name or a number. */
export function explicitRoleOf(label: string): Exclude<Role, 'unknown'> | undefined {
  const lower = label
    .toLowerCase()
    .replace(/[.:\s]+$/, '')
    .trim();
  if (THERAPIST_ABBREVIATIONS.has(lower)) return 'therapist';
  if (CLIENT_ABBREVIATIONS.has(lower)) return 'client';
  const words = lower.match(WORDS) ?? [];
  const namesTherapist = words.some((word) => THERAPIST_WORDS.has(word));
  const namesClient = words.some((word) => CLIENT_WORDS.has(word));
  if (namesTherapist === namesClient) return undefined; // neither, or both ("Client's therapist")
  return namesTherapist ? 'therapist' : 'client';
}

export interface RoleDecision {
  roleAssignment: RoleAssignment;
  warnings: string[];
}

/**
 * Decides every speaker's role. Speakers are listed in order of first appearance. `given` roles (known
 * from how the recording was made: one microphone channel per person) win over labels and inference.
 */
export function assignRoles(turns: readonly RawTurn[], given?: Readonly<Record<string, Role>>): RoleDecision {
  const speakers = [...new Set(turns.map((turn) => turn.speaker))];
  const explicit = new Map<string, Exclude<Role, 'unknown'>>();
  for (const speaker of speakers) {
    const role = explicitRoleOf(speaker);
    if (role) explicit.set(speaker, role);
  }
  const warnings: string[] = [];
  if (speakers.length === 1) {
    warnings.push(`only one speaker ('${speakers[0]}') was found: alliance scoring needs both the therapist's and the client's turns`);
  }
  if (speakers.length > 2) {
    warnings.push(`${speakers.length} speakers were found: one is taken as the therapist and the others as clients; check the roles`);
  }

  const givenSpeakers = given ? speakers.filter((speaker) => Object.hasOwn(given, speaker)) : [];
  if (given && givenSpeakers.length > 0) {
    return { roleAssignment: givenAssignment(speakers, given, givenSpeakers), warnings };
  }

  if (explicit.size === speakers.length) {
    const named = new Set(explicit.values());
    if (speakers.length > 1 && named.size === 1) {
      warnings.push(`every speaker label names a ${[...named][0]}: check the labels, one should name the other role`);
    }
    return { roleAssignment: explicitAssignment(speakers, explicit), warnings };
  }
  if (speakers.length === 1) {
    return {
      roleAssignment: {
        method: 'inferred',
        confidence: 0,
        speakers: Object.fromEntries([[speakers[0] ?? '', 'unknown' as const]]),
        basis: `only one speaker ('${speakers[0]}'), and the label does not name a role`,
      },
      warnings,
    };
  }
  const namedTherapist = speakers.find((speaker) => explicit.get(speaker) === 'therapist');
  if (namedTherapist !== undefined) {
    return { roleAssignment: completeFromNamedTherapist(speakers, explicit, namedTherapist), warnings };
  }
  if (speakers.length === 2 && explicit.size === 1) {
    return { roleAssignment: completeFromNamedClient(speakers, explicit), warnings };
  }

  // No label names the therapist: infer among the speakers that are not named clients.
  const candidates = speakers.filter((speaker) => !explicit.has(speaker));
  const inference = inferTherapist(turns, candidates);
  const roles = rolesOf(speakers, (speaker) => (speaker === inference.therapist ? 'therapist' : 'client'));
  const confidence = speakers.length > 2 ? Math.min(inference.confidence, 0.6) : inference.confidence;
  warnings.push(
    `roles were inferred from how each speaker talks (confidence ${confidence.toFixed(2)}): ` +
      `check that '${inference.therapist}' is the therapist, or label the turns \`Therapist:\` / \`Client:\``,
  );
  return {
    roleAssignment: { method: 'inferred', confidence, speakers: roles, basis: inference.basis },
    warnings,
  };
}

function explicitAssignment(speakers: string[], explicit: Map<string, Exclude<Role, 'unknown'>>): RoleAssignment {
  const roles = rolesOf(speakers, (speaker) => explicit.get(speaker) ?? 'unknown');
  const named = speakers.map((speaker) => `'${speaker}' → ${explicit.get(speaker)}`).join(', ');
  return { method: 'explicit', confidence: 1, speakers: roles, basis: `the speaker labels name the roles: ${named}` };
}

/** Roles given per channel; a speaker on another channel is a client when the therapist's channel is known. */
function givenAssignment(speakers: string[], given: Readonly<Record<string, Role>>, givenSpeakers: string[]): RoleAssignment {
  const therapistGiven = givenSpeakers.some((speaker) => given[speaker] === 'therapist');
  const others = speakers.filter((speaker) => !givenSpeakers.includes(speaker));
  const otherRole: Role = therapistGiven ? 'client' : 'unknown';
  const roles = rolesOf(speakers, (speaker) => (givenSpeakers.includes(speaker) ? (given[speaker] ?? 'unknown') : otherRole));
  const listed = givenSpeakers.map((speaker) => `'${speaker}' → ${given[speaker]}`).join(', ');
  const rest = others.length === 0 ? '' : `; ${quoteList(others)} taken as ${otherRole}`;
  return {
    method: 'explicit',
    confidence: others.length === 0 ? 1 : 0.8,
    speakers: roles,
    basis: `channel assignment: ${listed}${rest}`,
  };
}

/** A therapist is named; every unnamed speaker is taken as a client (a partner or parent in the room). */
function completeFromNamedTherapist(speakers: string[], explicit: Map<string, Exclude<Role, 'unknown'>>, therapist: string): RoleAssignment {
  const unnamed = speakers.filter((speaker) => !explicit.has(speaker));
  const roles = rolesOf(speakers, (speaker) => explicit.get(speaker) ?? 'client');
  const taken = unnamed.length === 1 ? 'is taken as the client' : 'are taken as clients';
  return {
    method: 'explicit',
    // One deduction from a named role: sure with two speakers, less so with a room full.
    confidence: speakers.length === 2 ? 0.95 : 0.8,
    speakers: roles,
    basis: `the label '${therapist}' names the therapist; ${quoteList(unnamed)} ${taken}`,
  };
}

function completeFromNamedClient(speakers: string[], explicit: Map<string, Exclude<Role, 'unknown'>>): RoleAssignment {
  const client = speakers.find((speaker) => explicit.has(speaker)) ?? '';
  const other = speakers.find((speaker) => !explicit.has(speaker)) ?? '';
  return {
    method: 'explicit',
    confidence: 0.95,
    speakers: rolesOf(speakers, (speaker) => (speaker === client ? 'client' : 'therapist')),
    basis: `the label '${client}' names the client; '${other}' is the only other speaker, so the therapist`,
  };
}

/** Built with fromEntries so that any label, even `__proto__`, becomes an own key. */
function rolesOf(speakers: readonly string[], roleOf: (speaker: string) => Role): Record<string, Role> {
  return Object.fromEntries(speakers.map((speaker) => [speaker, roleOf(speaker)]));
}

function quoteList(labels: string[]): string {
  return labels.map((label) => `'${label}'`).join(', ');
}
