import { describe, expect, it } from 'vitest';
import { detectFlags } from '../../../lambdas/core/alliance/flags.js';
import { findRuptureMarkers } from '../../../lambdas/core/alliance/ruptures.js';
import { ChallengeFlagSchema, FlagTypeSchema, type ChallengeFlag, type FlagType } from '../../../schemas/alliance.js';
import { expectNoTranscriptText, expectVerbatim, prepareFixture, prepareSession, type PreparedSession } from './make-transcript.js';

function flagsOf({ session, metrics }: PreparedSession): ChallengeFlag[] {
  return detectFlags(session, metrics, findRuptureMarkers(session));
}

function flagOf(flags: ChallengeFlag[], type: FlagType): ChallengeFlag | undefined {
  return flags.find((f) => f.type === type);
}

const FIXTURES = [
  'good-alliance',
  'poor-alliance',
  'client-resistance',
  'emotional-withdrawal',
  'overemphasis-on-technique',
  'miscommunication',
  'cultural-differences',
  'rupture-repaired',
  'rupture-unrepaired',
  'therapist-burnout',
  'too-short',
  'one-speaker',
];

describe('each challenge fires on the session that shows it', () => {
  it.each([
    // fixture, flag, severity, what the supervisor should be told to do
    ['client-resistance', 'client_resistance', 'high', /autonomy/i],
    ['emotional-withdrawal', 'emotional_withdrawal', 'high', /slow down/i],
    ['emotional-withdrawal', 'lack_of_engagement', 'high', /goals and values/i],
    ['overemphasis-on-technique', 'overemphasis_on_technique', 'high', /reflect the client's emotion first/i],
    ['miscommunication', 'miscommunication', 'high', /summarise and check understanding/i],
    ['cultural-differences', 'cultural_differences', 'high', /cultural humility/i],
    ['rupture-unrepaired', 'therapeutic_rupture', 'high', /take responsibility for your part/i],
    ['rupture-unrepaired', 'emotional_withdrawal', 'high', /slow down/i],
    ['therapist-burnout', 'low_therapist_engagement', 'high', /supervision/i],
  ] as const)('%s → %s (%s)', (fixture, type, severity, suggestion) => {
    // Prepare
    const prepared = prepareFixture(fixture);

    // Act
    const found = flagOf(flagsOf(prepared), type);

    // Assess
    expect(found, `${type} on ${fixture}`).toBeDefined();
    expect(found!.severity).toBe(severity);
    expect(found!.suggestion).toMatch(suggestion);
    expect(found!.evidence.length).toBeGreaterThan(0);
    expect(found!.evidence.length).toBeLessThanOrEqual(4);
    expectVerbatim(prepared.session, found!.evidence);
  });

  it('raises nothing on a warm, collaborative session', () => {
    expect(flagsOf(prepareFixture('good-alliance'))).toEqual([]);
  });

  it('raises nothing when there is too little to go on (4 lines, or the client alone)', () => {
    expect(flagsOf(prepareFixture('too-short'))).toEqual([]);
    expect(flagsOf(prepareFixture('one-speaker'))).toEqual([]);
  });

  it('marks a repaired rupture low and says that repair followed', () => {
    // Prepare / Act
    const prepared = prepareFixture('rupture-repaired');
    const rupture = flagOf(flagsOf(prepared), 'therapeutic_rupture');

    // Assess: the rupture is cited, and so is the therapist's repair.
    expect(rupture?.severity).toBe('low');
    expect(rupture?.rationale).toMatch(/repair followed/i);
    expect(rupture?.evidence.map((e) => e.turnId)).toEqual(expect.arrayContaining(['t0004', 't0007']));
    expectVerbatim(prepared.session, rupture!.evidence);
  });

  it('quotes the discord itself as evidence of resistance', () => {
    const prepared = prepareFixture('client-resistance');
    const resistance = flagOf(flagsOf(prepared), 'client_resistance');
    expect(resistance!.evidence.map((e) => e.quote)).toEqual(expect.arrayContaining(['That won\'t work.', 'I\'ve tried that.']));
  });

  it('cites the unacknowledged fear alongside the technique talk', () => {
    const prepared = prepareFixture('overemphasis-on-technique');
    const technique = flagOf(flagsOf(prepared), 'overemphasis_on_technique')!;
    expect(technique.evidence.map((e) => e.turnId)).toEqual(expect.arrayContaining(['t0002', 't0001']));
    expect(technique.rationale).toMatch(/6 client turn\(s\) expressing emotion were not acknowledged/);
  });

  it('cites the sighs and the lost thread for burnout', () => {
    const prepared = prepareFixture('therapist-burnout');
    const burnout = flagOf(flagsOf(prepared), 'low_therapist_engagement')!;
    expect(burnout.evidence.map((e) => e.quote)).toEqual(expect.arrayContaining(['Sorry, where were we?', '[sighs] Okay.']));
  });
});

describe('every flag on every fixture', () => {
  it.each(FIXTURES)('%s: schema-valid, verbatim evidence, and no transcript text in the rationale', (fixture) => {
    // Prepare
    const prepared = prepareFixture(fixture);

    // Act
    const flags = flagsOf(prepared);

    // Assess
    expect(new Set(flags.map((f) => f.type)).size).toBe(flags.length);
    for (const f of flags) {
      expect(() => ChallengeFlagSchema.parse(f)).not.toThrow();
      expectVerbatim(prepared.session, f.evidence);
      expectNoTranscriptText(prepared.session, f.rationale);
    }
  });
});

describe('ordinary moments are not over-read', () => {
  it('does not call one "yes, but" resistance when the client is talking about change', () => {
    const flags = flagsOf(
      prepareSession(`
Therapist: What would you like to change about your drinking?
Client: I want to cut down to weekends. I'm worried about my liver.
Therapist: You could start with two dry days a week.
Client: Yes, but Fridays are hard. I think I can do Monday and Tuesday though.
Therapist: Monday and Tuesday feel doable.
Client: They do. I'm going to tell my partner so she can help.`),
    );
    expect(flagOf(flags, 'client_resistance')).toBeUndefined();
  });

  it('does not call one "what do you mean?" a miscommunication', () => {
    const flags = flagsOf(
      prepareSession(`
Therapist: How do you relate to the part of you that worries?
Client: What do you mean?
Therapist: When the worry shows up, how do you treat it?
Client: Oh, I see. I usually argue with it, and then I feel worse because it never goes away when I do that.
Therapist: So fighting it keeps it around.
Client: Yes, that's exactly it.`),
    );
    expect(flagOf(flags, 'miscommunication')).toBeUndefined();
  });

  it('does not call a single "where were we?" burnout in an attentive session', () => {
    const flags = flagsOf(
      prepareSession(`
Therapist: It sounds like the move has unsettled everything at home.
Client: It has. The kids are fighting more and I'm not sleeping.
Therapist: Sorry, where were we before the fire alarm?
Client: The kids fighting.
Therapist: Right. What do you notice happens just before they start?
Client: Usually it's when I'm on the phone with my mother and they want my attention.
Therapist: So they compete for you when you're stretched thin.
Client: That's it exactly.`),
    );
    expect(flagOf(flags, 'low_therapist_engagement')).toBeUndefined();
  });

  it('rates cultural content low when the therapist explores it', () => {
    // Prepare / Act
    const prepared = prepareSession(`
Therapist: What's been on your mind this week?
Client: My parents expect me to take over the family shop. In my culture the eldest son does that.
Therapist: How does your culture shape what feels possible for you here?
Client: It makes leaving feel like betraying them. But I want to study nursing.
Therapist: So part of you honours that duty, and part of you wants your own path. What would your parents' expectations mean for a nursing career?
Client: They might accept it if I still helped on weekends.`);
    const cultural = flagOf(flagsOf(prepared), 'cultural_differences');

    // Assess
    expect(cultural?.severity).toBe('low');
    expect(cultural?.rationale).toMatch(/explored each one/);
    expectVerbatim(prepared.session, cultural!.evidence);
  });

  it('does not call a talkative client disengaged', () => {
    const flags = flagsOf(prepareFixture('miscommunication'));
    expect(flagOf(flags, 'lack_of_engagement')).toBeUndefined();
  });
});

describe('the flag once called therapist_burnout', () => {
  it('reads a stored therapist_burnout flag as low_therapist_engagement, and lists only the new name', () => {
    // Prepare: a result stored before the rename.
    const stored = { type: 'therapist_burnout', severity: 'medium', rationale: '2 therapist turns lost the thread (t0003, t0007).', evidence: [], suggestion: 'Reflect the last thing said.' };

    // Act
    const flag = ChallengeFlagSchema.parse(stored);

    // Assess
    expect(flag.type).toBe('low_therapist_engagement');
    expect(FlagTypeSchema.options).toContain('low_therapist_engagement');
    expect(FlagTypeSchema.options).not.toContain('therapist_burnout');
    expect(FlagTypeSchema.safeParse('therapist_fatigue').success).toBe(false);
  });
});
