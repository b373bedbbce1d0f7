import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../../../lambdas/core/transcript/index.js';
import { readSession } from '../../../../lambdas/core/notes/extract/input.js';
import { extractConcerns } from '../../../../lambdas/core/notes/extract/concerns.js';
import { extractFeelings } from '../../../../lambdas/core/notes/extract/feelings.js';

/** Each line a client turn, with a therapist's "Mm." between them. */
function session(...client: string[]) {
  return readSession(parseTranscript(client.map((c) => `Therapist: Mm.\nClient: ${c}`).join('\n')));
}

function keys(...client: string[]): string[] {
  return extractConcerns(session(...client)).map((c) => c.key);
}

describe('extractConcerns', () => {
  it('reads concerns in the sense that names a problem, about the client, now', () => {
    expect(keys('Work has been crazy, my boss keeps yelling at me.')).toEqual(['work']);
    expect(keys("I haven't been sleeping well, I wake up at 3 most nights.")).toEqual(['sleep']);
    expect(keys("I've been feeling really down")).toEqual(['low_mood']);
    expect(keys("I'm smoking 20, 30 a day.")).toEqual(['substance']);
    expect(keys('my husband and I keep fighting about the kids')).toEqual(['relationship']);
    expect(keys('im so anxious all the time i cant switch off')).toContain('anxiety');
  });

  it('refuses another sense, negation, other people, history and hypotheticals', () => {
    expect(keys("They didn't work.")).toEqual([]);
    expect(keys("I don't smoke, I quit 20 years ago.")).toEqual([]);
    expect(keys('My friend stopped drinking last year.')).toEqual([]);
    expect(keys("I'm not anxious about it at all.")).toEqual([]);
    expect(keys('I used to drink a lot when I was 19.')).toEqual([]);
    expect(keys('If I lost my job I would be in trouble.')).toEqual([]);
    expect(keys("I'm afraid I can't make Tuesday.")).toEqual([]);
    expect(keys('I drink a lot of water these days.')).toEqual([]);
    expect(keys('I was worried you would judge me.')).toEqual([]);
    expect(keys('Is that what anxiety is?')).toEqual([]);
  });

  it('writes improvement only when the client says the area is better', () => {
    const better = extractConcerns(session("I'm sleeping better now.")).find((c) => c.key === 'sleep');
    expect(better?.mentions.map((m) => m.status)).toEqual(['improving']);
    expect(extractConcerns(session('Honestly, not great.'))).toEqual([]);
  });

  it('quotes the client verbatim and names relations, never people', () => {
    const s = readSession(parseTranscript('Therapist: How are things?\nClient: My sister Maria and I keep arguing about Mum.'));
    const [c] = extractConcerns(s, { names: new Set(['maria']) });
    expect(c?.key).toBe('relationship');
    expect(c?.mentions[0]?.detail).toBe("Client's sister");
    expect(c?.mentions[0]?.quote ?? '').not.toMatch(/maria/i);
  });
});

describe('extractFeelings', () => {
  it('takes the client’s own feeling words, a negated positive as low', () => {
    const f = extractFeelings(session('Honestly, not great.', 'I feel really flat.', 'I am feeling a lot calmer now.'));
    expect(f.map((x) => [x.word, x.valence])).toEqual([
      ['not great', 'low'],
      ['flat', 'low'],
      ['calmer', 'better'],
    ]);
  });

  it('ignores other people, negated low words and politeness', () => {
    expect(extractFeelings(session('She seems really happy.', "I'm not sad about it.", "I'm fine with that plan."))).toEqual([]);
  });
});
