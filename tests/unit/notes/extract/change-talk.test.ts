import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../../../lambdas/core/transcript/index.js';
import { readSession } from '../../../../lambdas/core/notes/extract/input.js';
import { extractChangeTalk, summariseChangeTalk, targetDirection, type ChangeStatement } from '../../../../lambdas/core/notes/extract/change-talk.js';

/** A session from alternating lines, therapist first. */
function session(...lines: string[]) {
  return readSession(parseTranscript(lines.map((l, i) => `${i % 2 === 0 ? 'Therapist' : 'Client'}: ${l}`).join('\n')));
}

/** The statements of one client line answering a neutral question about drinking. */
function coded(line: string): ChangeStatement[] {
  return extractChangeTalk(session('Tell me about the drinking.', line));
}

describe('change talk: the client speaking toward change (DARN-CAT)', () => {
  it.each([
    ['I want to stop drinking.', 'desire', 'strong', 'stop drinking'],
    ["I'd like to feel less anxious at work", 'desire', 'weak', 'feel less anxious at work'],
    ['I wish I could go to the shop on my own', 'desire', 'weak', 'go to the shop on my own'],
    ['I think I can cut down on the booze.', 'ability', 'weak', 'cut down on the booze'],
    ['I know I can stay off it if I go to meetings', 'ability', 'strong', 'stay off it'],
    ['I really need to get help', 'need', 'strong', 'get help'],
    ['Im gonna quit smoking on monday i swear', 'commitment', 'strong', 'quit smoking'],
    ['I will never drink again.', 'commitment', 'strong', 'drink'],
    ["I'm ready to make some changes", 'activation', 'strong', 'make some changes'],
    ["I'm thinking about quitting", 'activation', 'weak', 'quit (drinking)'],
    ["I haven't had a drink since Tuesday.", 'taking_steps', 'strong', 'had a drink'],
    ['Last week I cut down to two drinks a night.', 'taking_steps', 'strong', 'cut down to two drinks a night'],
    ['I threw out all the bottles on Sunday', 'taking_steps', 'strong', undefined],
    ['If I stopped drinking I would have more money for the kids.', 'reasons', 'strong', 'stop drinking'],
    ["I'm sick and tired of waking up with hangovers", 'reasons', 'strong', undefined],
  ])('%s → %s (%s)', (line, category, strength, target) => {
    // Act
    const [statement, ...more] = coded(line);
    // Assess
    expect(more).toEqual([]);
    expect(statement).toMatchObject({ direction: 'change', category, strength, turnId: 't0002' });
    if (target) expect(statement!.target).toBe(target);
    expect(line.toLowerCase()).toContain(statement!.quote.toLowerCase().replace(/[.]$/, ''));
  });

  it('reads negation as the direction: not wanting to keep drinking is change talk', () => {
    expect(coded("I don't want to keep drinking like this.")).toMatchObject([{ direction: 'change', category: 'desire' }]);
    expect(coded("I can't keep doing this.")).toMatchObject([{ direction: 'change', category: 'need' }]);
    expect(coded('i will not drink this weekend')).toMatchObject([{ direction: 'change', category: 'commitment', strength: 'strong' }]);
  });

  it('resolves a bare "stop" or "quit" to what was being talked about, and codes nothing when nothing was', () => {
    expect(coded("I'm not ready to quit.")).toMatchObject([{ direction: 'sustain', category: 'activation', target: 'quit (drinking)' }]);
    expect(extractChangeTalk(session('How was your week?', 'I want to stop.'))).toEqual([]);
  });

  it('reads speech-recogniser text without punctuation or apostrophes', () => {
    const statements = coded('um i dont wanna keep drinking like this i wanna be there for my kids im gonna cut down starting monday');
    expect(statements.map((s) => [s.direction, s.category])).toEqual([
      ['change', 'desire'],
      ['change', 'commitment'],
    ]);
    expect(statements[0]!.quote).toBe('i dont wanna keep drinking like this');
  });
});

describe('sustain talk: the same categories for the status quo', () => {
  it.each([
    ["I don't want to stop drinking.", 'desire'],
    ["I don't think I can stop drinking.", 'ability'],
    ["I'm not going to stop drinking just because she says so", 'commitment'],
    ['Drinking helps me relax.', 'reasons'],
    ["Honestly it's not that big of a problem", 'reasons'],
    ['I want a drink right now', 'desire'],
  ])('%s → sustain %s', (line, category) => {
    expect(coded(line)).toMatchObject([{ direction: 'sustain', category }]);
  });

  it('keeps the doubting frame in the quote', () => {
    expect(coded("I don't think I can stop drinking.")[0]!.quote).toBe("I don't think I can stop drinking.");
  });
});

describe('what is not the client speaking about change', () => {
  it.each([
    ['someone else wants it', 'My wife wants me to stop.'],
    ["someone else's view of what the client should do", 'My wife thinks I should stop drinking.'],
    ['a report of what was said', 'He said I should quit.'],
    ['the past', 'I quit smoking when I was 19.'],
    ['a habit given up long ago', 'I used to run every morning.'],
    ['an everyday intention', 'I want to get a coffee after this'],
    ['an errand', "I'm going to call the plumber tomorrow"],
    ['a plan that happens to recur', 'We want to go on holiday again this year'],
    ['a question', 'Should I stop drinking?'],
    ['a hypothetical', 'If my wife left I would probably drink more'],
    ['giving up on life is not change talk', 'I want to stop living'],
    ['nor is wanting everything to stop', 'I just want it all to stop'],
    ['nor stopping treatment', 'I want to stop taking my meds'],
  ])('%s: %s', (_why, line) => {
    expect(coded(line)).toEqual([]);
  });

  it('reads no therapist turn, even one that sounds like change talk', () => {
    expect(extractChangeTalk(session('I want to stop drinking, I think you should too.', 'Ha, maybe.'))).toEqual([]);
  });
});

describe('a short session with none', () => {
  it('finds nothing and calls the balance unclear', () => {
    // Prepare
    const input = session('Hi, how have you been?', 'Fine thanks. Busy week.', 'Shall we start?', 'Sure.');
    // Act
    const statements = extractChangeTalk(input);
    // Assess
    expect(statements).toEqual([]);
    expect(summariseChangeTalk(statements, input)).toEqual({
      change: 0,
      sustain: 0,
      firstHalf: { change: 0, sustain: 0 },
      secondHalf: { change: 0, sustain: 0 },
      balance: 'unclear',
    });
  });
});

describe('the summary for the Response section', () => {
  it('counts change and sustain talk and sees the balance move toward change over the session', () => {
    // Prepare
    const input = session(
      'What brings you in?',
      "My wife says I drink too much. Honestly it's not that big of a problem.",
      'It does not feel like a problem to you.',
      "Drinking helps me relax. I don't want to stop.",
      'And yet something brought you here.',
      'I guess I could cut down a bit.',
      'What would be different if you did?',
      "If I cut down I'd sleep better. I'm sick of waking up with hangovers.",
      'So what do you want to do?',
      "I'm going to stop drinking on weeknights. I will tell my wife tonight.",
    );
    // Act
    const statements = extractChangeTalk(input);
    const summary = summariseChangeTalk(statements, input);
    // Assess
    expect(summary.sustain).toBe(3);
    expect(summary.change).toBeGreaterThanOrEqual(4);
    expect(summary.firstHalf).toEqual({ change: 0, sustain: 3 });
    expect(summary.balance).toBe('toward_change');
  });
});

describe('targetDirection', () => {
  it.each([
    ['stop drinking', 1],
    ['go out more', 1],
    ['be able to drive again', 1],
    ['keep drinking', -1],
    ['have a drink', -1],
    ['go on like this', -1],
    ['drink less', 1],
    ['get a coffee', 0],
    ['stop living', 0],
    ['manage my anxiety', 1],
    ['enjoy things again', 1],
    ['see her again', 0],
    ['handle it', 0],
  ])('%s → %i', (target, direction) => {
    expect(targetDirection(target)).toBe(direction);
  });
});
