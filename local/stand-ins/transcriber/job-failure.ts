/**
 * Why a job could not be transcribed, in words for the FailureReason a person reads: what was wrong and
 * what to do, never the recording's words.
 */
export class JobFailure extends Error {
  override readonly name = 'JobFailure';
}
