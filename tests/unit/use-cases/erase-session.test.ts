/**
 * Erasing a session (lambdas/use-cases/erase-session.ts): a session stuck in processing past the workflow's
 * time limit is erased (M4, issue 15), one still within it is refused; and an erasure holds the session with a
 * claim, so a second erasure racing it is refused instead of answering a receipt of its own (issue 15, Low).
 */
import { describe, expect, it } from 'vitest';
import { eraseClient } from '../../../lambdas/use-cases/erase-client.js';
import { ErasureInProgressError, eraseSession, type SessionEraserDeps } from '../../../lambdas/use-cases/erase-session.js';
import type { ErasureClaim, ErasureClaimAnswer, ErasureClaims } from '../../../lambdas/ports/session-lifecycle.js';
import type { SessionKey } from '../../../lambdas/ports/session-repository.js';
import type { SessionRecord } from '../../../schemas/session-record.js';
import { WORKFLOW_TIMEOUT_HOURS } from '../../../schemas/workflow.js';
import { MemoryClients, MemoryIdempotency, MemoryObjects, MemorySessions } from '../api/memory.js';

const NOW = new Date('2026-10-01T12:00:00.000Z');
const BUCKETS = { uploads: 'uploads', artifacts: 'artifacts' };
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3600 * 1000).toISOString();
const request = (receiptId: string) => ({ receiptId, requestedBy: 'dr-lee', deletedAt: NOW.toISOString() });

function record(status: SessionRecord['status'], updatedAt: string): SessionRecord {
  return { tenantId: 'acme', clientId: 'c1', sessionId: 's1', status, sessionDate: null, createdAt: updatedAt, updatedAt, timings: {} };
}

function deps<S extends SessionEraserDeps['sessions']>(sessions: S) {
  const objects = new MemoryObjects();
  return { sessions, idempotency: new MemoryIdempotency(), objects, buckets: BUCKETS };
}

async function withTranscript(objects: MemoryObjects) {
  await objects.write('artifacts', 'transcripts/acme/c1/s1.json', '{}', 'application/json');
}

/** Sessions in memory that claim as the DynamoDB adapter does: one live claim per session item. */
class ClaimingSessions extends MemorySessions implements ErasureClaims {
  readonly claims = new Map<string, ErasureClaim>();
  async claimErasure(key: SessionKey, claim: ErasureClaim, limits: { abandonedBefore: string; stuckBefore: string }): Promise<ErasureClaimAnswer> {
    const id = `${key.tenantId}/${key.sessionId}`;
    const item = this.items.get(id);
    if (!item) return { claimed: false, reason: 'gone' };
    const held = this.claims.get(id);
    if (held && !(held.claimedAt < limits.abandonedBefore)) return { claimed: false, reason: 'claimed', heldBy: held };
    if (['RECEIVED', 'TRANSCRIBING', 'ANALYZING'].includes(item.status) && !(item.updatedAt < limits.stuckBefore))
      return { claimed: false, reason: 'processing' };
    this.claims.set(id, claim);
    return { claimed: true };
  }
  async releaseErasure(key: SessionKey, receiptId: string) {
    const id = `${key.tenantId}/${key.sessionId}`;
    if (this.claims.get(id)?.receiptId === receiptId) this.claims.delete(id);
  }
  override async delete(key: SessionKey) {
    this.claims.delete(`${key.tenantId}/${key.sessionId}`);
    return super.delete(key);
  }
}

describe('erasing a session stuck in processing (M4)', () => {
  it(`erases a session ANALYZING for longer than the workflow's ${WORKFLOW_TIMEOUT_HOURS}-hour limit, with its receipt`, async () => {
    // Prepare
    const sessions = new MemorySessions();
    const stuck = record('ANALYZING', hoursAgo(WORKFLOW_TIMEOUT_HOURS + 1));
    await sessions.createReceived(stuck);
    const eraser = deps(sessions);
    await withTranscript(eraser.objects);

    // Act
    const receipt = await eraseSession(eraser, stuck, request('r-1'));

    // Assess
    expect(receipt.sessionIds).toEqual(['s1']);
    expect(receipt.removed.sessionRecords).toBe(1);
    expect(receipt.removed.artifacts.map((a) => a.key)).toEqual(['transcripts/acme/c1/s1.json']);
    expect(await sessions.get({ tenantId: 'acme', sessionId: 's1' })).toBeNull();
  });

  it('still refuses a session whose processing changed within the limit, and erases nothing', async () => {
    // Prepare
    const sessions = new MemorySessions();
    const busy = record('TRANSCRIBING', hoursAgo(WORKFLOW_TIMEOUT_HOURS - 1));
    await sessions.createReceived(busy);

    // Act
    const erasing = eraseSession(deps(sessions), busy, request('r-1'));

    // Assess
    await expect(erasing).rejects.toBeInstanceOf(ErasureInProgressError);
    expect(await sessions.get({ tenantId: 'acme', sessionId: 's1' })).not.toBeNull();
  });

  it("erases a client whose only session is stuck past the workflow's limit", async () => {
    // Prepare
    const sessions = new MemorySessions();
    await sessions.createReceived(record('RECEIVED', hoursAgo(WORKFLOW_TIMEOUT_HOURS * 2)));
    const eraser = { ...deps(sessions), clients: new MemoryClients() };

    // Act
    const receipt = await eraseClient(eraser, { tenantId: 'acme', clientId: 'c1', assigned: false }, request('r-1'));

    // Assess
    expect(receipt.sessionIds).toEqual(['s1']);
    expect(receipt.removed.sessionRecords).toBe(1);
  });
});

describe('one erasure of a session at a time (issue 15: concurrent DELETEs)', () => {
  it('refuses a second erasure while the first holds the session, naming the first receipt, and answers it none of its own', async () => {
    // Prepare
    const sessions = new ClaimingSessions();
    const done = record('COMPLETED', hoursAgo(1));
    await sessions.createReceived(done);
    await sessions.claimErasure(
      { tenantId: 'acme', sessionId: 's1' },
      { receiptId: 'r-first', requestedBy: 'dr-lee', claimedAt: NOW.toISOString() },
      { abandonedBefore: hoursAgo(1), stuckBefore: hoursAgo(WORKFLOW_TIMEOUT_HOURS) },
    );

    // Act
    const second = eraseSession(deps(sessions), done, request('r-second'));

    // Assess
    await expect(second).rejects.toThrow(/being erased by another request, whose answer is the receipt r-first/);
    await expect(second).rejects.toMatchObject({ code: 'erasure_in_progress' });
    expect(await sessions.get({ tenantId: 'acme', sessionId: 's1' })).not.toBeNull();
  });

  it('answers not found to an erasure that lost the race to one that has finished', async () => {
    // Prepare
    const sessions = new ClaimingSessions();
    const done = record('COMPLETED', hoursAgo(1));
    await sessions.createReceived(done);
    await eraseSession(deps(sessions), done, request('r-first'));

    // Act
    const late = eraseSession(deps(sessions), done, request('r-late'));

    // Assess
    await expect(late).rejects.toMatchObject({ code: 'session_not_found' });
  });

  it('lets go of its claim when the erasure fails midway, so it can be asked for again at once', async () => {
    // Prepare
    const sessions = new ClaimingSessions();
    const done = record('COMPLETED', hoursAgo(1));
    await sessions.createReceived(done);
    const failing = deps(sessions);
    failing.objects.deletePrefix = async () => {
      throw new Error('unavailable');
    };

    // Act
    await expect(eraseSession(failing, done, request('r-failed'))).rejects.toThrow('unavailable');
    const again = await eraseSession(deps(sessions), done, request('r-again'));

    // Assess
    expect(again.receiptId).toBe('r-again');
  });
});
