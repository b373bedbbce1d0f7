/**
 * Citations as the pages show them: an item's evidence (`{ session, turnId? }`, in order) grouped by
 * session, so each session is one link that opens it at the first cited turn.
 */

export interface CitedSession {
  sessionId: string;
  /** In the order cited, each once; empty when the item cites the whole session (its alliance scores). */
  turnIds: string[];
}

export function groupCitations(evidence: readonly { session: string; turnId?: string }[] | undefined): CitedSession[] {
  const groups = new Map<string, CitedSession>();
  for (const cite of evidence ?? []) {
    let group = groups.get(cite.session);
    if (!group) {
      group = { sessionId: cite.session, turnIds: [] };
      groups.set(cite.session, group);
    }
    if (cite.turnId !== undefined && !group.turnIds.includes(cite.turnId)) group.turnIds.push(cite.turnId);
  }
  return [...groups.values()];
}
