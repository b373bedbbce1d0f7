/**
 * GET /sessions/{id}/supervision: the session's supervision report, the therapist's work in that session.
 *
 * It is the second of a session's two documents and is kept apart from the first: the progress note (the
 * chart, exported as FHIR, which a client may request) never carries it, and the session view leaves it out.
 * Who may read it: the session's clinician (whose work it describes) and supervisors; the route refuses
 * every other role, and a clinician asking for another clinician's session hears 404, as for any session
 * that is not theirs. Every read is audited (`supervision.read`). The report quotes nothing from the
 * session, so a supervisor reads it whole.
 */
import { json, type Access, type ApiDeps, type OperationSet } from '../context.js';
import { Problem } from '../problem.js';

/** How long a caller should wait before asking again for the report of a session still being processed. */
const RETRY_AFTER_SECONDS = '30';

export function createSupervisionOperations(_deps: ApiDeps, access: Access): OperationSet<'getSupervision'> {
  return {
    async getSupervision(ctx) {
      const record = await access.session(ctx.principal, ctx.params.id!);
      ctx.touched.clientId = record.clientId;
      const id = record.sessionId;
      if (record.status === 'FAILED') {
        throw new Problem(
          'conflict',
          `session ${id} failed (${record.failure?.code ?? 'no reason recorded'}), so it has no supervision report; GET /sessions/${id} says why`,
        );
      }
      if (record.status !== 'COMPLETED') {
        throw new Problem('conflict', `session ${id} is ${record.status}: its supervision report is written when processing completes; retry later`, {
          headers: { 'retry-after': RETRY_AFTER_SECONDS },
        });
      }
      if (!record.supervision) {
        throw new Problem(
          'not-found',
          `session ${id} has no supervision report: it was processed before supervision reports were written; its note, scores and risk are unchanged`,
        );
      }
      return json(200, record.supervision);
    },
  };
}
