/** Who took part in a session, as the note names them. */
import type { Role } from '../../../schemas/transcript.js';

/**
 * What the note calls each speaker: its role (`therapist`, `client`), numbered when a role has several
 * speakers (`client-1`, `client-2`), and `other-N` for a speaker whose role is unknown. Never the speaker
 * label itself: a label is often a name ("Dr. Smith:", "Maria:"), and the note is served and exported
 * beyond the transcript. `roles` are the speakers' roles in the order they first spoke.
 */
export function participantLabels(roles: readonly Role[]): string[] {
  const total = new Map<Role, number>();
  for (const role of roles) total.set(role, (total.get(role) ?? 0) + 1);
  const seen = new Map<Role, number>();
  return roles.map((role) => {
    const n = (seen.get(role) ?? 0) + 1;
    seen.set(role, n);
    if (role === 'unknown') return `other-${n}`;
    return total.get(role) === 1 ? role : `${role}-${n}`;
  });
}
