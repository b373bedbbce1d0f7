import { describe, expect, it } from 'vitest';
import { findRuptureMarkers } from '../../../lambdas/core/alliance/ruptures.js';
import { RuptureMarkerSchema } from '../../../schemas/alliance.js';
import { expectVerbatim, prepareFixture, prepareSession } from './make-transcript.js';

function markersOf(text: string) {
  const { session } = prepareSession(text);
  return { session, markers: findRuptureMarkers(session) };
}

describe('findRuptureMarkers on the fixture sessions', () => {
  it('finds the confrontation in rupture-repaired and the therapist turn that repairs it', () => {
    // Prepare
    const { session } = prepareFixture('rupture-repaired');

    // Act
    const markers = findRuptureMarkers(session);

    // Assess: "this isn't helping" + "you don't understand" are one episode, repaired by "You're right, and I'm sorry".
    const first = markers[0]!;
    expect(first).toMatchObject({ turnId: 't0004', kind: 'confrontation', marker: 'challenges_helpfulness', repaired: true, repairTurnId: 't0007' });
    expect(markers.every((m) => m.repaired)).toBe(true);
    expect(markers.filter((m) => m.turnId === 't0006')).toEqual([]);
    expectVerbatim(session, markers);
    for (const m of markers) expect(() => RuptureMarkerSchema.parse(m)).not.toThrow();
  });

  it('leaves the same confrontation unrepaired when the therapist carries on with the agenda, and sees the withdrawal that follows', () => {
    // Prepare
    const { session } = prepareFixture('rupture-unrepaired');

    // Act
    const markers = findRuptureMarkers(session);

    // Assess
    const confrontation = markers.filter((m) => m.kind === 'confrontation');
    const withdrawal = markers.filter((m) => m.kind === 'withdrawal');
    expect(confrontation).toHaveLength(1);
    expect(confrontation[0]).toMatchObject({ turnId: 't0004', repaired: false });
    expect(confrontation[0]!.repairTurnId).toBeUndefined();
    expect(withdrawal).toHaveLength(1);
    expect(withdrawal[0]!.repaired).toBe(false);
    expectVerbatim(session, markers);
  });

  it('treats a whole session of one-word answers as one withdrawal episode', () => {
    // Prepare
    const { session } = prepareFixture('emotional-withdrawal');

    // Act
    const markers = findRuptureMarkers(session);

    // Assess
    expect(markers).toHaveLength(1);
    expect(markers[0]).toMatchObject({ turnId: 't0002', kind: 'withdrawal' });
    expectVerbatim(session, markers);
  });

  it('finds no rupture in a warm, collaborative session', () => {
    const { session } = prepareFixture('good-alliance');
    expect(findRuptureMarkers(session)).toEqual([]);
  });
});

describe('withdrawal needs a run or a clear marker', () => {
  it('does not flag a single "I don\'t know, maybe" in an otherwise talkative session', () => {
    // Prepare / Act
    const { markers } = markersOf(`
Therapist: How was the week?
Client: Busy, honestly. Work was a lot, but I managed to get to the gym twice, which felt good.
Therapist: What do you make of managing the gym despite the workload?
Client: I don't know, maybe.
Therapist: It sounds like it mattered to you.
Client: It did. It reminded me that I can still look after myself when things are hectic.
Therapist: What helped you get there?
Client: Planning it the night before, and telling my flatmate so she'd drag me along.`);

    // Assess
    expect(markers).toEqual([]);
  });

  it('flags answers that shrink to a few words after long ones', () => {
    // Prepare / Act
    const { session, markers } = markersOf(`
Therapist: How did the visit to your dad go?
Client: It was strange. He barely recognised me at first, and then he kept asking about my mother as if she were still alive.
Therapist: That sounds painful to witness.
Client: It was. I sat in the car afterwards for almost an hour before I could drive home, just thinking about all of it.
Therapist: What went through your mind in the car?
Client: Yes.
Therapist: What was the hardest part?
Client: Not sure.
Therapist: How are you sleeping?
Client: Badly.
Therapist: And your appetite?
Client: The same.`);

    // Assess
    expect(markers).toHaveLength(1);
    expect(markers[0]).toMatchObject({ turnId: 't0006', kind: 'withdrawal', marker: 'shrinking_answers' });
    expectVerbatim(session, markers);
  });

  it('flags an abrupt change of subject on its own', () => {
    // Prepare / Act
    const { markers } = markersOf(`
Therapist: It sounds like you still miss her a great deal.
Client: Can we talk about something else? Work has been awful.
Therapist: Of course. What's been happening at work?
Client: My manager moved my deadline up by a week without asking anyone.`);

    // Assess
    expect(markers).toEqual([expect.objectContaining({ turnId: 't0002', kind: 'withdrawal', marker: 'topic_shift', quote: 'Can we talk about something else?' })]);
  });
});

describe('confrontation markers and repair', () => {
  it('names the marker and finds repair within three therapist turns', () => {
    // Prepare / Act
    const { session, markers } = markersOf(`
Therapist: Let's go back to your father's drinking.
Client: I don't want to talk about that again.
Therapist: It came up a lot last week.
Client: Why do you keep asking about him? You sound like my mother.
Therapist: I can see this is frustrating.
Client: It is.
Therapist: That's fair. What would be more helpful to focus on today?
Client: My exams, honestly. They're in two weeks.`);

    // Assess: refusal and criticism sit within two turns of each other, so they are one episode.
    expect(markers).toHaveLength(1);
    expect(markers[0]).toMatchObject({ turnId: 't0002', kind: 'confrontation', marker: 'refuses_topic', repaired: true, repairTurnId: 't0007' });
    expectVerbatim(session, markers);
  });

  it('does not credit a repair that comes after the three-turn window', () => {
    // Prepare / Act
    const { markers } = markersOf(`
Therapist: Have you filled in the diary?
Client: This is a waste of time.
Therapist: The diary helps us see patterns.
Client: Right.
Therapist: Did you fill in Monday?
Client: Some of it.
Therapist: And Tuesday?
Client: No, I stopped after that day because I was travelling and could not find the time to sit down.
Therapist: I'm sorry, I may have pushed the diary too hard. What would be more helpful?
Client: Maybe something shorter.`);

    // Assess
    expect(markers[0]).toMatchObject({ turnId: 't0002', kind: 'confrontation', marker: 'challenges_helpfulness', repaired: false });
  });

  it('keeps two confrontations far apart as two episodes', () => {
    // Prepare / Act
    const { markers } = markersOf(`
Therapist: What would you like to cover today?
Client: You're not listening to me about the job.
Therapist: I'm sorry. Tell me again what matters most about the job.
Client: That I'd be leaving my team behind, and they depend on me for nearly everything right now.
Therapist: So loyalty to them is pulling you back.
Client: Yes, exactly, that is what makes it so hard to decide anything at all.
Therapist: What would it mean to leave?
Client: You don't understand what it's like there.
Therapist: You're right, I don't yet. Help me understand.`);

    // Assess
    expect(markers.map((m) => [m.turnId, m.marker, m.repaired])).toEqual([
      ['t0002', 'feels_misunderstood', true],
      ['t0008', 'feels_misunderstood', true],
    ]);
  });
});

describe('short answers that are not withdrawal', () => {
  it('does not read end-of-session logistics ("Sure." "Okay." "Yes.") as withdrawal', () => {
    // Prepare / Act
    const { markers } = markersOf(`
Therapist: What stood out for you today?
Client: Realising that I only panic when I think people are judging me, not when I'm alone or with friends.
Therapist: That's an important thing to notice.
Client: It really is. I want to test it out at work this week.
Therapist: Same time next week?
Client: Sure.
Therapist: Would you bring the diary along?
Client: Okay.
Therapist: And is the Tuesday slot still good for you?
Client: Yes.`);

    // Assess
    expect(markers).toEqual([]);
  });
});

describe('rupture sequences', () => {
  it('counts a late repair for a confrontation that turned into withdrawal (one rupture sequence)', () => {
    // Prepare: the confrontation gets no repair at once; the client withdraws; then the therapist repairs.
    const { markers } = markersOf(
      [
        'Therapist: Let us fill in the rest of the thought record together now.',
        "Client: Honestly, this isn't helping.",
        'Therapist: Okay.',
        "Client: You don't understand what it's like to carry two jobs.",
        'Therapist: It sounds like the worksheets feel disconnected from what you deal with.',
        'Client: Whatever.',
        'Therapist: Did you sleep at all this week?',
        "Client: I don't know.",
        'Therapist: Hm.',
        'Client: No.',
        "Therapist: I want to stop for a moment. I rushed ahead today and went straight to my agenda. That's on me, and I'm sorry.",
        "Client: It's okay. I just needed you to hear that the workload is the real problem.",
      ].join('\n'),
    );

    // Act / Assess
    const confrontation = markers.find((m) => m.kind === 'confrontation');
    expect(confrontation).toMatchObject({ turnId: 't0002', repaired: true, repairTurnId: 't0011' });
    expect(markers.filter((m) => m.kind === 'withdrawal').every((m) => m.repaired)).toBe(true);
  });
});
