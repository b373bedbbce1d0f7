import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { AllianceSchema } from '../../../schemas/alliance.js';
import { loadPairs } from '../../../bench/alliance-sets.js';

/**
 * The paired set (tests/fixtures/alliance/pairs): a good and a poor version of one conversation across six kinds
 * of work. These are regression guards on the development pairs, not targets: `npm run bench:validity` measures
 * the set, and its held-out pairs are only measured.
 */
const sessions = loadPairs();
const dev = sessions.filter((s) => s.split === 'dev');

describe('the paired set', () => {
  it('holds good and poor versions of every kind of work, each one scored into a schema-valid alliance', () => {
    expect(new Set(sessions.map((s) => s.modality))).toEqual(new Set(['cbt', 'supportive', 'psychiatric', 'crisis', 'mi', 'peer_support']));
    for (const s of sessions) {
      const { alliance } = analyzeTranscript(s.transcript);
      expect(() => AllianceSchema.parse(alliance), s.id).not.toThrow();
      expect(alliance.overall.abstained, s.id).toBe(false);
    }
  });

  it('scores the good version of a development pair above its poor version in nearly every pair, and never flags a HIGH rupture on a good one', () => {
    const byPair = new Map<string, { high?: number; low?: number }>();
    for (const s of dev) {
      const { alliance } = analyzeTranscript(s.transcript);
      const entry = byPair.get(s.pair!) ?? {};
      entry[s.quality] = alliance.overall.score!;
      byPair.set(s.pair!, entry);
      if (s.quality === 'high')
        expect(
          alliance.flags.filter((f) => f.type === 'therapeutic_rupture' && f.severity === 'high'),
          s.id,
        ).toEqual([]);
    }
    const pairs = [...byPair.values()];
    const wins = pairs.filter((p) => p.high! > p.low!).length;
    expect(wins / pairs.length).toBeGreaterThanOrEqual(0.85);
  });
});
