import { describe, expect, it } from 'vitest';
import { deriveSessionId, parseRunArgs } from '../../../bin/cli/run-args.js';

describe('attune run arguments', () => {
  it('reads the file, ids, consent and date', () => {
    expect(parseRunArgs(['s.wav', '--client', 'c1', '--consent', '--consent-method=Written', '--session-date', '2026-03-14', '--json'])).toMatchObject({
      file: 's.wav',
      tenantId: 'local',
      clientId: 'c1',
      sessionId: null,
      consent: true,
      consentMethod: 'written',
      sessionDate: '2026-03-14',
      json: true,
    });
  });

  it.each([
    [['s.wav', '--client', '../../x'], /--client must be an id/],
    [['s.wav', '--client', 'c', '--tenant', 'a/b'], /--tenant must be an id/],
    [['s.wav', '--client', 'c', '--session', '..'], /--session must be an id/],
    [['s.wav'], /--client is required/],
    [['--client', 'c'], /no file given/],
    [['a.wav', 'b.wav', '--client', 'c'], /one file/],
    [['s.wav', '--client', 'c', '--consent-method', 'verbal'], /add --consent/],
    [['s.wav', '--client', 'c', '--consent', '--consent-method', 'my doctor'], /one short word/],
    [['s.wav', '--client', 'c', '--session-date', '2026-02-30'], /--session-date/],
    [['s.wav', '--client', '--consent'], /--client needs a value/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseRunArgs(argv)).toThrow(message);
  });

  it('derives the session id from the file name and the date', () => {
    expect(deriveSessionId('sessions/2026-09-08.txt', '2026-09-08')).toBe('2026-09-08');
    expect(deriveSessionId('/tmp/Intake call (1).WAV', '2026-03-14')).toBe('Intake-call-1-2026-03-14');
    expect(deriveSessionId('/tmp/___.wav', '2026-03-14')).toBe('2026-03-14');
  });
});
