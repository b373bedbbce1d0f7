import { describe, expect, it } from 'vitest';
import { detectFlags } from '../../../lambdas/core/alliance/flags.js';
import { findRuptureMarkers } from '../../../lambdas/core/alliance/ruptures.js';
import type { CodedSession } from '../../../lambdas/core/metrics/coded-session.js';
import { normalise, wordsOf } from '../../../lambdas/core/metrics/text.js';
import { ChallengeFlagSchema, FlagTypeSchema, type ChallengeFlag, type FlagType } from '../../../schemas/alliance.js';
import { expectNoTranscriptText, expectVerbatim, prepareFixture, prepareSession, type PreparedSession } from './make-transcript.js';

function flagsOf({ session, metrics }: PreparedSession): ChallengeFlag[] {
  return detectFlags(session, metrics, findRuptureMarkers(session));
}

function flagOf(flags: ChallengeFlag[], type: FlagType): ChallengeFlag | undefined {
  return flags.find((f) => f.type === type);
}

/** A suggestion may give the therapist example wording, never the client's words: no four-word run from a client turn. */
function expectNoClientText(session: CodedSession, text: string): void {
  const written = ` ${wordsOf(normalise(text)).join(' ')} `;
  for (const turn of session.clientTurns) {
    const words = wordsOf(normalise(turn.turn.text));
    for (let i = 0; i + 4 <= words.length; i++) {
      const shingle = words.slice(i, i + 4).join(' ');
      expect(written, `contains "${shingle}" from ${turn.turn.id}`).not.toContain(` ${shingle} `);
    }
  }
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
    // fixture, flag, severity, the suggestion written for that session's moment
    ['client-resistance', 'client_resistance', 'high', /^At t0002 the client pushed back on the therapist or on being here: roll with it/],
    ['emotional-withdrawal', 'emotional_withdrawal', 'high', /^At t0002 .*repaired it at t0007 by changing course/],
    ['emotional-withdrawal', 'lack_of_engagement', 'high', /^From t0002 the client answered open questions with a word or two/],
    ['overemphasis-on-technique', 'overemphasis_on_technique', 'high', /^At t0002 .*reflect the feeling first/],
    ['miscommunication', 'miscommunication', 'high', /^At t0002 /],
    ['cultural-differences', 'cultural_differences', 'high', /^At t0002 .*general norms/],
    [
      'rupture-unrepaired',
      'therapeutic_rupture',
      'high',
      /^At t0004 the client questioned whether this was helping \(about the sessions\), and the next therapist turn \(t0005\).*naming it/,
    ],
    ['rupture-unrepaired', 'emotional_withdrawal', 'high', /^At t0010 .*slowing down and naming it/],
    ['therapist-burnout', 'low_therapist_engagement', 'high', /^At t0001 the therapist sighed or yawned/],
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
    expectNoClientText(prepared.session, found!.suggestion);
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
    expect(resistance!.evidence.map((e) => e.quote)).toEqual(expect.arrayContaining(["That won't work.", "I've tried that."]));
  });

  it('cites the unacknowledged fear alongside the technique talk', () => {
    const prepared = prepareFixture('overemphasis-on-technique');
    const technique = flagOf(flagsOf(prepared), 'overemphasis_on_technique')!;
    expect(technique.evidence.map((e) => e.turnId)).toEqual(expect.arrayContaining(['t0002', 't0001']));
    expect(technique.rationale).toMatch(/6 client turn\(s\) expressing emotion were not acknowledged/);
  });

  it('cites the sighs and the lost thread for low therapist engagement', () => {
    const prepared = prepareFixture('therapist-burnout');
    const lapses = flagOf(flagsOf(prepared), 'low_therapist_engagement')!;
    expect(lapses.evidence.map((e) => e.quote)).toEqual(expect.arrayContaining(['Sorry, where were we?', '[sighs] Okay.']));
    expect(`${lapses.rationale} ${lapses.suggestion}`).not.toMatch(/burn ?out|self-care|fatigue|caseload/i);
  });
});

describe('every flag on every fixture', () => {
  it.each(FIXTURES)('%s: schema-valid, verbatim evidence, no transcript text in the rationale, no client words in the suggestion', (fixture) => {
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
      expectNoClientText(prepared.session, f.suggestion);
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

  it('does not call a single "where were we?" low therapist engagement in an attentive session', () => {
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

  it('raises nothing when the therapist explores the cultural content the client brings', () => {
    // Prepare / Act
    const prepared = prepareSession(`
Therapist: What's been on your mind this week?
Client: My parents expect me to take over the family shop. In my culture the eldest son does that.
Therapist: How does your culture shape what feels possible for you here?
Client: It makes leaving feel like betraying them. But I want to study nursing.
Therapist: So part of you honours that duty, and part of you wants your own path. What would your parents' expectations mean for a nursing career?
Client: They might accept it if I still helped on weekends.`);

    // Assess: exploring it each time is good practice, not a challenge.
    expect(flagOf(flagsOf(prepared), 'cultural_differences')).toBeUndefined();
  });

  it('does not call a talkative client disengaged', () => {
    const flags = flagsOf(prepareFixture('miscommunication'));
    expect(flagOf(flags, 'lack_of_engagement')).toBeUndefined();
  });
});

describe('the flag once called therapist_burnout', () => {
  it('reads a stored therapist_burnout flag as low_therapist_engagement, and lists only the new name', () => {
    // Prepare: a result stored before the rename.
    const stored = {
      type: 'therapist_burnout',
      severity: 'medium',
      rationale: '2 therapist turns lost the thread (t0003, t0007).',
      evidence: [],
      suggestion: 'Reflect the last thing said.',
    };

    // Act
    const flag = ChallengeFlagSchema.parse(stored);

    // Assess
    expect(flag.type).toBe('low_therapist_engagement');
    expect(FlagTypeSchema.options).toContain('low_therapist_engagement');
    expect(FlagTypeSchema.options).not.toContain('therapist_burnout');
    expect(FlagTypeSchema.safeParse('therapist_fatigue').success).toBe(false);
  });
});

describe('flags run with quality, not against it', () => {
  it('never raises low_therapist_engagement for attentive listening in short reflective turns', () => {
    // Prepare: every therapist turn is short, and each one reflects or follows what the client said.
    const prepared = prepareSession(`
Therapist: Where would you like to start today?
Client: With my dad, I think. He's back in hospital and I've been driving up every evening after work, and I'm running on empty.
Therapist: Running on empty.
Client: Completely. And my brother hasn't been once, which makes me furious, and then I feel guilty for being furious at him.
Therapist: Furious, and then guilty.
Client: Yes. Because he has his own problems, I know that, but I'm the one sitting in the car park at ten at night.
Therapist: Alone in the car park.
Client: Mm-hmm. It's the quiet that gets me. At home there's always noise, the kids, the dog, and then there's just nothing.
Therapist: The quiet lets it all in.
Client: That's exactly it. That's when I cry, and then I wipe my face and go up to the ward like nothing's happened.
Therapist: Holding it together for him.
Client: For everyone, really. I don't know who's holding it together for me.`);

    // Act
    const flags = flagsOf(prepared);

    // Assess
    expect(flagOf(flags, 'low_therapist_engagement')).toBeUndefined();
    expect(flagOf(flags, 'lack_of_engagement')).toBeUndefined();
  });

  it('raises low_therapist_engagement when bare acknowledgements are the whole reply to what the client elaborates', () => {
    // Prepare: the client finishes each thought; the therapist's reply is "Okay." and nothing follows it.
    const prepared = prepareSession(`
Therapist: How have things been?
Client: Honestly, pretty awful. My partner moved out on Sunday and I've barely slept since, I keep replaying the argument.
Therapist: Okay.
Client: Work have noticed. My manager asked if everything was alright and I just burst into tears in front of her.
Therapist: Right.
Client: I've been drinking more in the evenings too, which I know isn't helping, but it's the only thing that switches my head off.
Therapist: Okay.
Client: I suppose what scares me most is that I can't see how I'm going to afford the flat on my own now.
Therapist: Mm-hmm.
Client: That's where things are, really.
Therapist: Okay. Same time next week?`);

    // Act
    const found = flagOf(flagsOf(prepared), 'low_therapist_engagement');

    // Assess
    expect(found?.severity).toBe('medium');
    expect(found!.rationale).toMatch(/4 of 4 replies to the client's finished longer turns were a bare acknowledgement/);
    expect(found!.suggestion).toMatch(/100% of the replies/);
    expectNoClientText(prepared.session, found!.suggestion);
  });

  it('does not call ambivalence resistance: sustain talk answering reflections, not pushes', () => {
    const flags = flagsOf(
      prepareSession(`
Therapist: What do you like about smoking?
Client: It calms me down. I don't want to give that up, it's the only break I get at work.
Therapist: It's your one break.
Client: Yes. And I'm not ready to stop, not with everything going on.
Therapist: Part of you isn't ready, and part of you is here talking about it.
Client: I know it's bad for me. I just don't think I can do it right now.
Therapist: What would need to be different for it to feel possible?
Client: Maybe if the new job settles down. I'd like to be able to run with my son.`),
    );
    expect(flagOf(flags, 'client_resistance')).toBeUndefined();
  });

  it('raises client_resistance when sustain talk grows under pushing and the client argues back', () => {
    // Prepare
    const prepared = prepareSession(`
Therapist: How has the drinking been this month?
Client: About the same. A few beers after work most days, more at the weekend.
Therapist: You need to cut down, it's affecting your liver results.
Client: Yes, but everyone at work drinks like that. I don't have a problem.
Therapist: You should stop drinking on weekdays completely.
Client: That won't work. I've tried that and I just end up drinking more on Friday.
Therapist: You have to take this seriously.
Client: I'm not going to stop. It's the only thing I enjoy.`);

    // Act
    const found = flagOf(flagsOf(prepared), 'client_resistance');

    // Assess
    expect(found?.severity).toBe('high');
    expect(found!.rationale).toMatch(/sustain talk answered 3 of 3 pushes/);
    expect(found!.suggestion).toMatch(/^At t0004 the client argued with the therapist's proposal, and at t0003 advice or pressure drew reasons not to change/);
  });

  it('does not call a structured CBT session with an engaged client technique over relationship', () => {
    const flags = flagsOf(
      prepareSession(`
Therapist: Shall we set the agenda? I had the thought record from last week and planning the next exposure step. What would you like to add?
Client: The work party on Friday. I'm dreading it, and I'd like to use it for the thought record if that's okay.
Therapist: That sounds like a good example to work with. What was the automatic thought when you got the invitation?
Client: That everyone will see how anxious I am and think I'm weird. I rated it about eighty.
Therapist: Eighty. What's the evidence for that thought?
Client: I went red at the last one. But nobody said anything, and Sam actually asked me to sit with her.
Therapist: So there's some evidence against it too. How would you put a balanced thought?
Client: Maybe that I might go red, but people are mostly thinking about themselves. That feels about fifty.
Therapist: For the exposure step, what would you be willing to try at the party?
Client: Staying for an hour without checking my phone. That's scary but I think I can do it.
Therapist: How does that sound as the homework for this week?
Client: Good. I'll write down what I predicted and what actually happened.`),
    );
    expect(flagOf(flags, 'overemphasis_on_technique')).toBeUndefined();
    expect(flags).toEqual([]);
  });

  it('does not call a quiet client who answers closed questions disengaged', () => {
    const flags = flagsOf(
      prepareSession(`
Therapist: Are you still taking the sertraline every morning?
Client: Yes.
Therapist: Any side effects?
Client: Some nausea the first week. Gone now.
Therapist: Sleeping alright?
Client: Better.
Therapist: Have you had any thoughts of harming yourself?
Client: No.
Therapist: Is there anything you'd like to change about the plan?
Client: No. I'd like to stay on this dose.`),
    );
    expect(flagOf(flags, 'lack_of_engagement')).toBeUndefined();
    expect(flagOf(flags, 'emotional_withdrawal')).toBeUndefined();
  });
});

describe('each suggestion is written for its moment', () => {
  it("names the turn, the target and the next move of an unrepaired rupture, without the client's words", () => {
    // Prepare
    const prepared = prepareSession(`
Therapist: Let's go through the worksheet for this week.
Client: Honestly, these sessions aren't helping me at all.
Therapist: The next column is for the evidence against the thought.
Client: Fine.
Therapist: What would you write there?
Client: Don't know.`);

    // Act
    const rupture = flagOf(flagsOf(prepared), 'therapeutic_rupture')!;

    // Assess
    expect(rupture.severity).toBe('high');
    expect(rupture.suggestion).toMatch(
      /^At t0002 the client questioned whether this was helping \(about the sessions\), and the next therapist turn \(t0003\) returned to the task; naming it/,
    );
    expectNoClientText(prepared.session, rupture.suggestion);
    expectNoTranscriptText(prepared.session, rupture.rationale);
  });

  it('says how a repaired rupture was repaired, and marks it low', () => {
    // Prepare: the issue's own repair.
    const prepared = prepareSession(`
Therapist: Let's look at the plan for the week.
Client: You're not listening. I told you the evenings are impossible.
Therapist: You're right. I've been pushing the plan harder than I've been listening. I'm sorry.
Client: Thank you. It's the kids' bedtime, that's the problem.
Therapist: Tell me more about bedtime.
Client: It's chaos from six till nine, every night.`);

    // Act
    const rupture = flagOf(flagsOf(prepared), 'therapeutic_rupture')!;

    // Assess
    expect(rupture.severity).toBe('low');
    expect(rupture.rationale).toMatch(/aimed at the therapist\) at t0002, repaired at t0003 \(owning\)/);
    expect(rupture.suggestion).toMatch(
      /^At t0002 the client said they felt unheard \(about the therapist\), and the therapist repaired it at t0003 by owning their part/,
    );
  });

  it('words a task rupture for a CBT session when the session is read as CBT', () => {
    // Prepare
    const prepared = prepareSession(`
Therapist: Let's fill in the thought record together.
Client: I'm not doing another worksheet.
Therapist: It's an important part of the treatment.
Client: Right.`);
    const markers = findRuptureMarkers(prepared.session);

    // Act
    const cbt = detectFlags(prepared.session, prepared.metrics, markers, { kind: 'cbt', confidence: 0.8, cues: [] });
    const unknown = detectFlags(prepared.session, prepared.metrics, markers);

    // Assess
    expect(flagOf(cbt, 'therapeutic_rupture')!.suggestion).toMatch(/agreeing the agenda again/);
    expect(flagOf(unknown, 'therapeutic_rupture')!.suggestion).toMatch(/setting the task aside/);
  });
});
