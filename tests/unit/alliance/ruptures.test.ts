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
    expect(markers).toEqual([
      expect.objectContaining({ turnId: 't0002', kind: 'withdrawal', marker: 'topic_shift', quote: 'Can we talk about something else?' }),
    ]);
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

describe('backchannels and closed questions are not withdrawal', () => {
  it('does not read "Mm-hmm. Yes." and "Right." during a therapist summary split across lines as withdrawal', () => {
    // Prepare: the client had been talking; the therapist summarises over several lines and the client keeps the channel open.
    const { markers } = markersOf(`
Therapist: What has the drinking been like since the new job started?
Client: Worse, honestly. I used to stop at two, and now it's most of a bottle by the time the kids are in bed, and I hate how I feel the next morning.
Therapist: And what worries you most about that?
Client: That my daughter has started noticing. She asked me last week why I was so tired all the time and I didn't know what to say to her.
Therapist: Let me see if I can pull this together. The new job has brought a lot more pressure-
Client: Mm-hmm. Yes.
Therapist: -and the wine has become the way you come down at the end of the day-
Client: Right.
Therapist: -but it's costing you mornings, and now your daughter is noticing too.
Client: Yeah.
Therapist: And you'd like to be the one who decides how much, not the bottle.
Client: Yes.
Therapist: Did I get that right?
Client: Yes, that's it.`);

    // Assess
    expect(markers).toEqual([]);
  });

  it('does not read one-word answers to closed questions as withdrawal, even in a run', () => {
    // Prepare: a quiet, engaged client answering a psychiatric review's closed questions.
    const { markers } = markersOf(`
Therapist: How has the new dose been for you over the last fortnight?
Client: Better than I expected. The mornings are easier, and I've been getting out for a walk most days, which I couldn't do before.
Therapist: Any nausea?
Client: No.
Therapist: Headaches?
Client: A couple.
Therapist: Are you taking it in the morning?
Client: Yes.
Therapist: And sleeping through?
Client: Mostly.
Therapist: Is the dose working for you, or would you like to talk about changing it?
Client: I'd like to stay on it. It's the first thing that's helped in a long time.`);

    // Assess
    expect(markers).toEqual([]);
  });

  it('still hears withdrawal when open questions meet "fine" and "don\'t know" after the client had been talking', () => {
    // Prepare
    const { markers } = markersOf(`
Therapist: How did the conversation with your sister go?
Client: It was hard. She brought up the money again and I ended up saying things I regret, and then she left before dinner.
Therapist: What was the hardest part of it for you?
Client: That she didn't even let me explain what happened with the loan before she started on me.
Therapist: What do you make of how it ended?
Client: Don't know.
Therapist: How are you feeling about her now?
Client: Fine.
Therapist: What would you want to say to her, if you could?
Client: Nothing.`);

    // Assess
    expect(markers).toEqual([expect.objectContaining({ turnId: 't0006', kind: 'withdrawal', marker: 'shrinking_answers', repaired: false })]);
  });

  it('hears compliance without commitment when hedged assent answers advice more than once', () => {
    // Prepare: the therapist persuades; the client gives way with "I suppose so" and "you're probably right".
    const { markers } = markersOf(`
Therapist: How have things been since the funeral?
Client: Quiet. The house feels very big now, and I keep setting two cups out in the morning without thinking.
Therapist: You could keep one or two of his things and let the rest go to a charity shop.
Client: I suppose so.
Therapist: What's the shed like at the moment?
Client: I sit in there sometimes with his radio on, it's the only place that still smells of him.
Therapist: It might be worth thinking about whether that's helping you move forward.
Client: Yes. You're probably right.
Therapist: Same time in two weeks?
Client: Yes, thank you.`);

    // Assess
    expect(markers.map((m) => [m.turnId, m.kind, m.marker, m.repaired])).toEqual([
      ['t0004', 'withdrawal', 'deference', false],
      ['t0008', 'withdrawal', 'deference', false],
    ]);
  });

  it('does not read a plain "okay" to advice, or "yeah, probably" to a question, as compliance', () => {
    const { markers } = markersOf(`
Therapist: As your doctor, I want you to know I'm concerned about your drinking, and you should stop before the exams.
Client: Okay.
Therapist: Do you think you could go two months without drinking?
Client: Yeah, probably.
Therapist: You need to tell your parents about the party too.
Client: Okay.
Therapist: What would make the two months easier?
Client: Staying away from Jake's on Fridays, and telling my friends I'm driving.`);
    expect(markers).toEqual([]);
  });

  it('hears deference in "whatever you think is best"', () => {
    const { markers } = markersOf(`
Therapist: So this week I'd like you to do the thought record every evening.
Client: Every evening.
Therapist: Every evening. It only takes ten minutes.
Client: Fine. Whatever you think is best.
Therapist: Good. See you next week.`);
    expect(markers).toEqual([expect.objectContaining({ turnId: 't0004', kind: 'withdrawal', marker: 'deference' })]);
  });
});

describe('a confrontation needs a target: the therapist, the therapy or the task', () => {
  it.each([
    // the issue's own examples of complaints about the client's own story, and more of the same kind
    ["It's pointless. They just nick another one the next day, so stealing cars never gets you anywhere.", 'stealing cars'],
    ["The medicine wasn't working, so the doctor switched me to something else in March.", 'a medicine'],
    ['Work feels pointless since the restructure. Nobody reads the reports.', 'work'],
    ['The diet was useless. I put it all back on within a month.', 'a diet'],
    ["My cousins keep saying they'll help, and then they don't.", 'other people'],
    ["When you're that drunk you don't care what anyone says to you.", 'a generic "you"'],
  ])('"%s" (about %s) is not a rupture', (line) => {
    // Prepare / Act
    const { markers } = markersOf(`
Therapist: What happened after that?
Client: ${line}
Therapist: What did you make of that?
Client: I suppose I just want something that lasts this time, for me and for the kids.`);

    // Assess
    expect(markers.filter((m) => m.kind === 'confrontation')).toEqual([]);
  });

  it.each([
    ["This isn't helping.", 'challenges_helpfulness', 'therapy'],
    ["Honestly, what's the point of coming here?", 'challenges_helpfulness', 'therapy'],
    ["I don't see how this is supposed to help.", 'challenges_helpfulness', 'therapy'],
    ['These sessions are a waste of my time.', 'challenges_helpfulness', 'therapy'],
    ["You're not listening to me.", 'feels_misunderstood', 'therapist'],
    ["You don't get it.", 'feels_misunderstood', 'therapist'],
    ["You don't know my family.", 'feels_misunderstood', 'therapist'],
    ['I already told you that.', 'criticises_therapist', 'therapist'],
    ['You keep saying that.', 'criticises_therapist', 'therapist'],
    ["I'm not doing another worksheet.", 'refuses_task', 'task'],
    ["I'm just saying the form doesn't work for me.", 'challenges_helpfulness', 'task'],
    ['Can I go now?', 'wants_to_leave', 'therapy'],
    ['Are we done here? I have class in fifteen minutes.', 'wants_to_leave', 'therapy'],
  ])('"%s" is %s aimed at the %s', (line, marker, target) => {
    // Prepare / Act
    const { session, markers } = markersOf(`
Therapist: Let's carry on with the worksheet from last week, then.
Client: ${line}
Therapist: The next column is for the evidence.
Client: Right.`);

    // Assess
    expect(markers[0]).toMatchObject({ turnId: 't0002', kind: 'confrontation', marker, target, repaired: false });
    expectVerbatim(session, markers);
  });

  it('hears sarcasm about being lectured, and wanting to leave, in "Or seven lectures along the road… can I go now?"', () => {
    // Prepare: the therapist has been telling, not asking.
    const { markers } = markersOf(`
Therapist: You need to understand that if you keep drinking like this you will lose your licence, and you should be thinking about your job too.
Client: Or seven lectures along the road… can I go now?
Therapist: You have to take this seriously.
Client: Yeah.`);

    // Assess: aimed at the therapist (the lecturing), and left unrepaired.
    expect(markers).toEqual([
      expect.objectContaining({ turnId: 't0002', kind: 'confrontation', marker: 'criticises_therapist', target: 'therapist', repaired: false }),
    ]);
  });

  it('hears refusing the exercise the therapist just named, not refusing a chore at home', () => {
    const exercise = markersOf(`
Therapist: Right, so that's the learning. Now the spinning. Thirty seconds in the chair, then stand up.
Client: I'm not sure I want to do the spinning today, to be honest.
Therapist: Avoidance is what keeps panic going. Off you go.
Client: Fine.`).markers;
    const chore = markersOf(`
Therapist: What are the evenings like at home at the moment?
Client: Exhausting. I don't want to do the dishes after a twelve-hour shift, so they pile up all week.
Therapist: What happens when they pile up?
Client: We argue about it, every single time.`).markers;
    expect(exercise[0]).toMatchObject({ turnId: 't0002', kind: 'confrontation', marker: 'refuses_task', target: 'task', repaired: false });
    expect(chore).toEqual([]);
  });

  it('reads "it" from what the therapist just proposed: the exercise, not the client\'s story', () => {
    const task = markersOf(`
Therapist: Let's try the breathing exercise again, for two minutes.
Client: It doesn't work. It never has.
Therapist: Okay, let's start.
Client: Fine.`).markers;
    const story = markersOf(`
Therapist: How did the job interview go?
Client: It doesn't work, my back. I couldn't sit through it.
Therapist: That sounds painful.
Client: It was.`).markers;
    expect(task[0]).toMatchObject({ kind: 'confrontation', target: 'task' });
    expect(story).toEqual([]);
  });
});

describe('repair is recognised and named', () => {
  const rupture = (reply: string) =>
    markersOf(`
Therapist: Let's fill in the next column of the plan.
Client: This isn't helping. You're not listening to me.
Therapist: ${reply}
Client: Okay.`).markers[0]!;

  it.each([
    ["You're right. I've been pushing the plan harder than I've been listening. I'm sorry.", 'owning'],
    ['I rushed ahead with my agenda today, and that was a mistake on my part.', 'owning'],
    ["I haven't been listening properly, have I.", 'owning'],
    ["I'm sorry.", 'apologising'],
    ['What would be more helpful for you right now?', 'inviting_feedback'],
    ["Let's put the plan aside and take a step back.", 'changing_course'],
    ["It sounds like you're frustrated that this isn't helping.", 'reflecting'],
  ])('"%s" repairs it by %s', (reply, kind) => {
    expect(rupture(reply)).toMatchObject({ repaired: true, repairTurnId: 't0003', repairKind: kind });
  });

  it.each([
    "I'm sorry to hear that. The next column is for the evidence.",
    'The plan is sort of the point, though. It only works if you do it.',
    "Sorry, what did you say? Let's keep going.",
  ])('"%s" is not a repair', (reply) => {
    expect(rupture(reply)).toMatchObject({ repaired: false });
    expect(rupture(reply).repairKind).toBeUndefined();
  });

  it('reads a marker stored before targets and repair kinds existed', () => {
    const stored = {
      turnId: 't0004',
      kind: 'confrontation',
      marker: 'challenges_helpfulness',
      quote: "This isn't helping.",
      repaired: true,
      repairTurnId: 't0005',
    };
    expect(RuptureMarkerSchema.parse(stored)).toEqual(stored);
  });
});
