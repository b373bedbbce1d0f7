/**
 * Goals asked and said the way sessions ask and say them, and statuses a clinician would not chart: goal
 * questions that picture a better time, an answer whose goal is the wish and not the description of the
 * problem, a wish to stop doing something, a wish said as a condition; a rating read as occasions, a report
 * taken back at once, an obligation, preparation, a thing "had done", homework that prepares the goal. The
 * sessions are written for this file.
 */
import { describe, expect, it } from 'vitest';
import { analyzeTranscript } from '../../../lambdas/core/alliance/engine.js';
import { buildClientPlan, type PlanSessionInput } from '../../../lambdas/core/plans/index.js';
import { readPlanSessions } from '../../../lambdas/core/plans/session.js';
import { parseTranscript } from '../../../lambdas/core/transcript/index.js';

function session(date: string, lines: readonly string[]): PlanSessionInput {
  const transcript = parseTranscript(lines.join('\n'));
  return { session: date, date, transcript, ...analyzeTranscript(transcript) };
}
const goalTexts = (...sessions: PlanSessionInput[]) => buildClientPlan(sessions).goals.map((g) => g.text);
const statuses = (...sessions: PlanSessionInput[]) => buildClientPlan(sessions).goals.map((g) => g.history.map((h) => h.status).join(' → '));

describe('goal questions that picture a better time', () => {
  it('reads the answer to "If the mornings were going better, what would you notice?" as goals', () => {
    const s = session('2026-03-02', [
      'Therapist: If the school mornings were going better, what would you notice?',
      "Client: We'd leave the house by eight without shouting. Most days, anyway.",
    ]);
    expect(goalTexts(s)).toEqual(["We'd leave the house by eight without shouting"]);
  });

  it('reads the answer to "When you picture a better month, what\'s in it?"', () => {
    const s = session('2026-03-02', [
      "Therapist: When you picture a better month, what's in it?",
      'Client: Swimming again. Twice a week, like before the operation.',
    ]);
    expect(goalTexts(s)).toEqual(['Swimming again. Twice a week, like before the operation']);
  });
});

describe('in an answer, the wish is the goal', () => {
  it('charts the wish and not the telling of how things are', () => {
    const s = session('2026-03-02', [
      "Therapist: Anything at work you'd want to be different?",
      "Client: Meetings. I sit at the back and never say a word. I'd want to actually speak once in every team meeting.",
    ]);
    expect(goalTexts(s)).toEqual(["I'd want to actually speak once in every team meeting"]);
  });

  it('charts a wish to stop doing something and a wish said as a condition', () => {
    const s = session('2026-03-02', [
      'Therapist: If we fast-forward to the summer, what would you want to be different?',
      "Client: I'd like to not be glued to the news. If I could get the checking down to twice a day, that'd be something.",
    ]);
    expect(goalTexts(s)).toEqual(["I'd like to not be glued to the news", "If I could get the checking down to twice a day, that'd be something"]);
  });

  it('reads no goal from the answer to a turn that sets homework', () => {
    const s = session('2026-03-02', [
      "Therapist: For this week, I'd like you to keep a worry log: whenever you notice the dread, what do you think will happen?",
      'Client: I can keep it in the notes on my phone.',
    ]);
    expect(goalTexts(s)).toEqual([]);
  });
});

describe('statuses a clinician would not chart', () => {
  const first = session('2026-03-02', [
    'Therapist: What would you like to work towards?',
    "Client: I want to ring my friends myself, once a week. And I'd like to keep weeknights to three cans at most.",
  ]);

  it('reads "Seven." to a zero-to-ten question as a rating, not as seven occasions', () => {
    const second = session('2026-03-09', [
      'Therapist: How confident are you now, zero to ten, about keeping weeknights to three cans?',
      'Client: Seven. I can see it now.',
    ]);
    expect(statuses(first, second)[1]).not.toMatch(/progress/);
  });

  it('reads no step from an obligation, from preparation, or from a report taken back at once', () => {
    const second = session('2026-03-09', [
      'Therapist: Where does that leave the three cans on weeknights?',
      "Client: Still what I want. I've just got to get back on it.",
      'Therapist: And ringing your friends?',
      "Client: I've written a little script for ringing them, and saved the numbers.",
      'Therapist: Did you ring anyone?',
      'Client: I managed it, actually! Sorry, not the call, I mean the tax return. The call, no.',
    ]);
    expect(statuses(first, second).join(' | ')).not.toMatch(/progress|met/);
  });

  it('reads no verdict from a thing someone "had done"', () => {
    const second = session('2026-03-09', [
      'Therapist: How did the calls go?',
      "Client: Then on the Sunday my friend Sam, who's just had a knee done, rang me instead.",
    ]);
    expect(statuses(first, second).join(' | ')).not.toMatch(/met/);
  });

  it('reads homework that prepares the goal, reviewed as done, as work on it and not a step', () => {
    const one = session('2026-02-16', [
      'Therapist: What would you like to get back to?',
      'Client: To get back to the lunch club. Every Wednesday, like I used to.',
      'Therapist: Could you phone the club this week to ask about a lift?',
      'Client: I could do that, yes.',
    ]);
    const two = session('2026-03-02', ['Therapist: Did you manage to phone the lunch club?', 'Client: I did. They said a driver can come on Wednesdays.']);
    expect(statuses(one, two)[0]).toBe('introduced → worked_on');
  });

  it('reads no verdict for one goal from an answer to a question about two', () => {
    const one = session('2026-04-07', [
      'Therapist: What would you like to work towards?',
      "Client: I'd like to join the walking group every Thursday. And I'd like to volunteer at the repair café twice a month.",
    ]);
    const two = session('2026-05-12', [
      'Therapist: And the walking group and the repair café, how are those two going?',
      'Client: Oh, yes, all sorted there, done and dusted.',
    ]);
    expect(statuses(one, two).join(' | ')).not.toMatch(/met/);
  });

  it("reads no review of last week's task from a rating question that shares its words", () => {
    const one = session('2026-10-06', [
      'Therapist: Could you keep the phone out of the bedroom every night this week, to help your sleep?',
      'Client: yeah ok i can try that',
    ]);
    const two = session('2026-10-13', ['Therapist: how would you rate sleep this week 0-10?', 'Client: 6 maybe']);
    expect(readPlanSessions([one, two])[1]!.homework.reviewed).toEqual([]);
  });
});

describe("what is not a goal of the client's own", () => {
  it("reads no goal from a parent's wish for the teen that the teen turns down, and keeps a partner's wish in a couple's session", () => {
    const family = session('2026-01-20', [
      'Therapist: What would you each like to be different?',
      "Mum: I want him off that Xbox by ten o'clock every night, no arguments.",
      'Therapist: What do you make of that?',
      'Client: Xbox, no. The bus I might do.',
    ]);
    expect(goalTexts(family)).toEqual([]);
    const couple = session('2026-01-12', [
      'Therapist: What would you each want to be different by the summer?',
      'Client A: I want us to have one calm conversation a week about money.',
      "Client B: Same. And I'd like him to stay in the room every time.",
      'Therapist: One calm conversation a week, both of you staying in the room.',
    ]);
    expect(goalTexts(couple)).toContain("I'd like him to stay in the room every time");
  });

  it('reads a diary the client will keep again as homework, not a goal', () => {
    const s = session('2026-11-17', ['Therapist: And the diary?', "Client: I'll do the diary again, properly this time, all seven days."]);
    expect(goalTexts(s)).toEqual([]);
  });

  it('reads no goal from a future that tells how a day goes, its number said of someone else', () => {
    const s = session('2026-11-03', [
      'Therapist: Tell me about a typical morning.',
      "Client: My wife's doing her three mornings at the library so she's out, and I'll look up and it's gone eleven and I'm still in my dressing gown.",
    ]);
    expect(goalTexts(s)).toEqual([]);
  });
});

describe('more of what a session says', () => {
  it('takes the wish after a scene as the goal, not the scene ("There\'s a walking group … I\'d like to go along")', () => {
    const s = session('2026-04-07', [
      'Therapist: When you picture a better week, what is in it?',
      "Client: There's a choir that meets in the church hall on Tuesdays, I've walked past it for years. I'd like to actually go along, every week if I could.",
    ]);
    expect(goalTexts(s)).toEqual(["I'd like to actually go along, every week if I could"]);
  });

  it('reads occasions counted by an adverb ("I\'ve been twice now") as a step', () => {
    const one = session('2026-04-07', ['Therapist: What would you like to work towards?', "Client: I'd like to go to the choir every Tuesday."]);
    const two = session('2026-04-21', ['Therapist: And the choir?', "Client: I've been twice now. The second time I even stayed for tea."]);
    expect(statuses(one, two)[0]).toBe('introduced → progress');
  });

  it('takes the wish said as a condition with a feeling ("if I could…, I\'d feel…") over the account of an evening', () => {
    const s = session('2026-02-02', [
      'Therapist: What would a better version look like to you?',
      "Client: It's the weeknights, mainly. I get in about six, open one while the tea's on, and I've had seven before I know it. But if I could get weeknights down to three cans, tops, I'd feel like I was in charge again.",
    ]);
    expect(goalTexts(s)).toEqual(["if I could get weeknights down to three cans, tops, I'd feel like I was in charge again"]);
  });

  it('reads a count of a thing per interval as the measurable form ("one comment a week")', () => {
    const s = session('2026-02-03', [
      'Therapist: What would you like to be different at work?',
      "Client: I'd like to make one comment a week in the team meeting.",
    ]);
    expect(buildClientPlan([s]).goals[0]!.measurable).toBe('one comment a week');
  });

  it('reads "less" and "fewer" as a step only for a goal of doing less', () => {
    const sleep = session('2026-03-02', ['Therapist: What would you like to work towards?', "Client: I'd like to sleep through most nights."]);
    const worse = session('2026-03-09', ['Therapist: And sleep?', "Client: Honestly I've been sleeping less than ever."]);
    expect(statuses(sleep, worse)[0]).toBe('introduced → worked_on');
    const cans = session('2026-03-02', ['Therapist: What would you like to work towards?', "Client: I'd like to cut down to three cans a night."]);
    const fewer = session('2026-03-09', ['Therapist: And the cans?', 'Client: Fewer cans than last week, most nights.']);
    expect(statuses(cans, fewer)[0]).toBe('introduced → progress');
  });
});

describe('a list of goals made over several questions', () => {
  it('keeps asking through "What else?" and "Is there a third thing?", an exchange or two apart', () => {
    const s = session('2026-05-04', [
      'Therapist: By the end of our eight sessions, what would you like to be different?',
      'Client: I want to get the bus into town on my own.',
      'Therapist: The bus on your own. What else?',
      "Client: The choir. I sang in it for ten years. I'd like to get back to that.",
      'Therapist: How long since you went?',
      'Client: Since the spring.',
      'Therapist: And is there a third thing?',
      "Client: I'm not sure how to say it. Being able to leave a job half done and not lie awake over it?",
    ]);
    expect(goalTexts(s)).toEqual(['I want to get the bus into town on my own', 'The choir', 'Being able to leave a job half done and not lie awake over it']);
  });

  it('reads a wish that points back ("I want to get back up there") as about the topic named before it, not two goals', () => {
    const s = session('2026-05-04', [
      'Therapist: What would you want to be doing again in three months?',
      "Client: The allotment. I've had it twenty years. I want to get back up there and grow something this year.",
    ]);
    expect(goalTexts(s)).toEqual(['I want to get back up there and grow something this year']);
  });

  it('joins "Like, …" and "the real one, not…" to the goal they put another way', () => {
    const s = session('2026-05-04', [
      'Therapist: What would you like to be different by the summer?',
      "Client: I want to hand my essays in on the deadline. The real one, not the extended one. I'd like a cut-off. Like, stop at eight and have an evening.",
    ]);
    // "I'd like a cut-off" names one thing: the goal is quoted with the words that say what it is.
    expect(goalTexts(s)).toEqual(['I want to hand my essays in on the deadline', "I'd like a cut-off. Like, stop at eight and have an evening"]);
  });

  it('quotes a wish with no words of its own together with what qualifies it', () => {
    const s = session('2026-05-04', [
      'Therapist: What would you like to be able to do at work?',
      "Client: I'd say something. Anything. Even one comment a week that I chose to make. That would be a big deal.",
    ]);
    expect(goalTexts(s)).toEqual(["I'd say something. Anything. Even one comment a week that I chose to make"]);
  });
});

describe('what an answer to a goal question says that is not a goal', () => {
  it('a wish the client disowns in the next breath, and what they expect the therapist to say', () => {
    const s = session('2026-05-04', [
      'Therapist: What would you want from our work together?',
      "Client: Honestly, what I'd love is a scan of every organ, so I'd know for certain. But I can see your face, that's part of the problem.",
      'Therapist: Anything else on the list?',
      "Client: I'd like to check my pulse less, maybe twice a day. You're going to tell me that's still too much.",
    ]);
    expect(goalTexts(s)).toEqual(["I'd like to check my pulse less, maybe twice a day"]);
  });

  it('a telling with a relative or infinitive clause ("…, which isn\'t fair on them", "…, to be fair") is context', () => {
    const s = session('2026-05-04', [
      'Therapist: What would you like to change?',
      "Client: I'm snappy with the kids over breakfast, which isn't fair on them. I went twice last year, to be fair. I'd like to be down to three cans on weeknights.",
    ]);
    expect(goalTexts(s)).toEqual(["I'd like to be down to three cans on weeknights"]);
  });
});

describe('deeds that belong to something else', () => {
  const intro = session('2026-06-01', [
    'Therapist: What would you like to be different at work?',
    "Client: I'd like to speak up in the Monday meeting, once a week.",
  ]);

  it('reads "I did it Monday to Wednesday" in answer to a homework review as the task, not a step toward the goal', () => {
    const next = session('2026-06-08', [
      'Therapist: How did the prediction log go this week?',
      'Client: Partly. I did it Monday to Wednesday and then I forgot. The Monday one was the meeting.',
    ]);
    expect(statuses(intro, next)[0]).not.toMatch(/progress/);
  });

  it('reads what follows "Sorry, not the meeting, I mean…" in the same turn as about the other thing', () => {
    const next = session('2026-06-08', [
      'Therapist: Did you speak up in the Monday meeting?',
      'Client: I managed it, actually! Sorry, not the meeting, I mean the monthly report. It had been sitting on my desk for three weeks and I finally got it off on Monday afternoon.',
    ]);
    expect(statuses(intro, next)[0]).toBe('introduced → worked_on');
  });
});

describe('homework the client turned down', () => {
  it('is not carried into the plan or the brief as homework set', () => {
    const s = session('2026-06-01', [
      'Therapist: I would also like you to try a mood diary, a line or two each evening.',
      "Client: I'll be honest with you, I won't do that. I'd rather not.",
      "Therapist: Fair enough, we'll leave the diary out.",
      'Client: Thank you.',
    ]);
    const plan = buildClientPlan([s]);
    const homework = plan.brief.lines.filter((l) => l.topic === 'homework');
    expect(homework.map((l) => l.text)).toEqual(['Homework: none found in the sessions.']);
  });
});

describe('a report with its subject left out, as chat leaves it', () => {
  const intro = session('2026-10-05', ['Supporter: what would u like to be different in a month or so?', 'Member: honestly just walk the dog every morning']);

  it('reads occasions counted ("did 4 mornings out of 7") as a step', () => {
    const next = session('2026-10-12', ['Supporter: hey! how did the dog walks go?', 'Member: did 4 mornings out of 7!!']);
    expect(statuses(intro, next)).toEqual(['introduced → progress']);
  });

  it('reads neither "Got it." nor a deed of something else ("did the phq9 this morning") as a step', () => {
    const next = session('2026-10-12', [
      'Supporter: so the dog walk, first thing, before the kids are up. every morning.',
      'Member: got it.',
      'Supporter: and how is the morning going otherwise?',
      'Member: did the phq9 on the gp app this morning as well, got a 9.',
    ]);
    expect(statuses(intro, next)[0]).not.toMatch(/progress/);
  });
});

describe('answers to a goal question that state no goal', () => {
  it('an answer that opens not knowing and wishes nothing tells how it was', () => {
    const s = session('2026-01-08', [
      'Supporter: if things were a bit different in a few months time, what would u want to be different?',
      'Member: i dont know. irene did all the social side. the church guild, the bowls, the lot. i just tagged along behind her',
    ]);
    expect(goalTexts(s)).toEqual([]);
  });

  it('a question about the weeks before the next session asks for tasks: its answer is homework, not a goal', () => {
    const s = session('2026-02-19', [
      'Supporter: anything u want to aim for the next couple of weeks?',
      'Member: get back to the shed properly, tues and thurs both',
      'Supporter: sounds like a plan.',
      'Member: aye.',
    ]);
    expect(goalTexts(s)).toEqual([]);
    expect(buildClientPlan([s]).brief.lines.find((l) => l.topic === 'homework')?.text).toMatch(/^Homework set 2026-02-19: "get back to the shed properly/);
  });
});

describe('a time to last until is a measurable form', () => {
  it('reads "sleep through to six" as a goal with its measure', () => {
    const s = session('2026-10-06', ['Supporter: hey, whats been going on?', 'Member: i just want to be able to sleep thru to six, even on my days off']);
    expect(buildClientPlan([s]).goals.map((g) => [g.text, g.measurable])).toEqual([
      ['i just want to be able to sleep thru to six, even on my days off', 'thru to six'],
    ]);
  });
});

describe('a short goal question leaning on the sentence before it', () => {
  it('reads "What would you want?" after "Let\'s think about what you would want to be different…" as a goal question, not after an agenda', () => {
    const asked = session('2026-01-13', [
      "Therapist: Let's think about what you would want to be different by the end of our work together. What would you want?",
      'Client: First, I want to sleep with the light off, like before.',
    ]);
    expect(goalTexts(asked)).toEqual(['First, I want to sleep with the light off, like before']);
    const agenda = session('2026-01-13', [
      "Therapist: For the agenda, I'd suggest we go over the plan and then look at what has changed. Anything you'd like to add?",
      'Client: I noticed something on Sunday.',
    ]);
    expect(goalTexts(agenda)).toEqual([]);
  });
});

describe('goals said the way people say them, and what only looks like one', () => {
  it('reads "What I would like is to stop…" (a pseudo-cleft, not a question) as a goal', () => {
    const s = session('2027-04-05', [
      'Therapist: None taken. It does sound fluffy put like that.',
      'Client: What I would like is to stop replaying every shift in the car on the way home.',
    ]);
    expect(goalTexts(s)).toEqual(['What I would like is to stop replaying every shift in the car on the way home']);
  });

  it('reads no goal from a wish for someone not in the room; a partner in the room may share it', () => {
    const alone = session('2027-04-05', [
      'Therapist: What would you want to get from coming here?',
      'Client: I want him to get help, honestly. I want him to see someone.',
    ]);
    expect(goalTexts(alone)).toEqual([]);
    const together = session('2027-04-05', [
      'Therapist: What would you each want to be different?',
      'Client A: I want him to stay in the room when we argue, every time.',
      'Client B: Fair enough, I can try that.',
    ]);
    expect(goalTexts(together)).toHaveLength(1);
  });

  it('reads no goal from how others are, told in an answer that wishes nothing', () => {
    const s = session('2027-04-05', [
      'Therapist: What else would be different on that morning?',
      "Client: Everyone's at some party, or on holiday, or they've got abs. My dad keeps saying I should revise more.",
    ]);
    expect(goalTexts(s)).toEqual([]);
  });

  it('reads not wanting a state to go on as a goal, and not wanting to do a thing as no goal', () => {
    const avoids = session('2027-04-05', ['Therapist: What would you want to be different?', "Client: I just don't want to be in a mood all the time."]);
    expect(goalTexts(avoids)).toEqual(["I just don't want to be in a mood all the time"]);
    const declines = session('2027-04-05', [
      'Therapist: What would you want to be different?',
      "Client: I don't want to go to the gym, if that's what you mean.",
    ]);
    expect(goalTexts(declines)).toEqual([]);
  });

  it('reads no goal from an obligation taken back ("I know I should. But I don\'t want to.") or from "the last thing I want"', () => {
    const s = session('2027-04-05', [
      'Therapist: Anything else?',
      "Client: I know I should, it's on every leaflet. But I don't want to. I'm on my feet all day, the last thing I want is a treadmill.",
    ]);
    expect(goalTexts(s)).toEqual([]);
  });

  it('keeps two goals of one session apart though both name the same thing', () => {
    const s = session('2027-04-05', [
      'Therapist: If our work went well, what would be different?',
      'Client: I want to be able to get through a shift without ending up on the floor, shaking.',
      'Therapist: Anything else?',
      'Client: What I would like is to stop replaying every shift in the car on the way home.',
    ]);
    expect(goalTexts(s)).toHaveLength(2);
  });

  it('reads a wish said in passing as a goal when it has a date, returns to something, or is named as the aim', () => {
    const s = session('2027-04-05', [
      'Therapist: So part of you wants to go back and part of you is frightened.',
      'Client: I want to be back at work properly by the summer.',
      'Therapist: How do you feel about the six thousand steps?',
      'Client: Honestly? I want to walk up to the reservoir with the dog. That is what I care about.',
      'Therapist: And the evenings?',
      'Client: I want to get back to the choir on Wednesdays.',
      'Therapist: Anything on your mind today?',
      'Client: I want to say something about last week.',
    ]);
    expect(goalTexts(s)).toEqual([
      'I want to be back at work properly by the summer',
      'I want to walk up to the reservoir with the dog',
      'I want to get back to the choir on Wednesdays',
    ]);
  });
});

describe("the game's goal is not the client's", () => {
  it('reads no goal from the answer to "How did it feel being back in goal?"', () => {
    const s = session('2027-04-05', [
      'Therapist: And how did it feel being back in goal?',
      "Client: Good. Tiring. I'm back now, properly, I'm their keeper every Thursday.",
    ]);
    expect(goalTexts(s)).toEqual([]);
    expect(goalTexts(session('2027-04-05', ['Therapist: What goal would you set yourself?', 'Client: Back in goal every Thursday.']))).not.toEqual([]);
  });
});

describe('a future that is no intention', () => {
  it('reads no goal from what follows a condition ("if I skip one I\'ll be back at the start") or from "maybe one day I\'ll…"', () => {
    const feared = session('2027-04-05', [
      'Therapist: Would you say the Monday walks are done now?',
      "Client: Mostly. I still feel shaky, and if I skip one I'll be back at the start again.",
    ]);
    expect(goalTexts(feared)).toEqual([]);
    const dream = session('2027-04-05', ['Therapist: And the singing?', "Client: Maybe one day I'll go back to a choir, a small one. Not yet."]);
    expect(goalTexts(dream)).toEqual([]);
    // An intention of one's own, with its date, still is one.
    expect(goalTexts(session('2027-04-05', ['Therapist: And the singing?', "Client: I'll be back at the choir by Easter, twice a month."]))).not.toEqual([]);
  });
});

describe('what to keep working on', () => {
  it('reads the answer to "What would you want to keep working on?" as the goals already set, not new ones', () => {
    const first = session('2027-04-05', [
      'Therapist: What would you like to be different in a couple of months?',
      'Client: I want to be swimming twice a week again.',
    ]);
    const later = session('2027-05-03', [
      'Therapist: We have a follow-up in six weeks if you want it. What would you want to keep working on?',
      'Client: The pool, getting that regular. And the evenings, I suppose.',
    ]);
    expect(goalTexts(first, later)).toEqual(['I want to be swimming twice a week again']);
    // Asked in a first session, before any goal is set, the answer states goals.
    expect(goalTexts(later)).not.toEqual([]);
  });
});

describe("a terse clinician's goals", () => {
  it('reads "Goal: …" agreed, "That\'s your goal?" about the client\'s own words, and the answer to "Target?"', () => {
    const s = session('2027-04-05', [
      'Therapist: And the job?',
      "Client: There's a plan. I'm supposed to be back on four days a week by the end of June.",
      "Therapist: Four days by end of June. That's your goal, not just HR's?",
      'Client: Mine. Yes.',
      'Therapist: Phone at night?',
      "Client: It's bad. I'm on it till two.",
      'Therapist: Goal: phone out of the bedroom after ten.',
      'Client: Yes. That one.',
      'Therapist: Walking?',
      'Client: Barely any.',
      'Therapist: Target?',
      'Client: Walking twenty minutes a day, most days.',
    ]);
    const goals = buildClientPlan([s]).goals;
    expect(goals.map((g) => g.text)).toEqual([
      "I'm supposed to be back on four days a week by the end of June",
      'phone out of the bedroom after ten',
      'Walking twenty minutes a day, most days',
    ]);
    // The goal said in the client's words cites where they said it and where they took it as theirs.
    expect(goals[0]!.history[0]!.turnIds).toEqual(['t0002', 't0003', 't0004']);
  });

  it('does not read "Would you say that\'s the goal done?" as naming a goal', () => {
    const s = session('2027-04-05', ['Therapist: Three weeks without a panic. Would you say that is the goal done now?', 'Client: Yes, I think so.']);
    expect(goalTexts(s)).toEqual([]);
  });
});

describe('a goal question answered after "I don\'t know"', () => {
  it('reads the answer given after the therapist waits, asking nothing ("Take your time.")', () => {
    const s = session('2027-04-05', [
      'Therapist: If coming here was going to help with one thing, even a small thing, what would it be?',
      'Client: Dunno.',
      "Therapist: That's fine. Take your time.",
      'Client: dunno. sleeping, maybe. and not panicking on the bus',
    ]);
    expect(goalTexts(s)).toEqual(['sleeping, maybe', 'not panicking on the bus']);
  });

  it('reads no goal from a parent\'s wish for the client that the client turns down ("Can we not.")', () => {
    const s = session('2027-04-05', [
      "Therapist: While you're here, is there anything you're hoping comes out of Tegan coming here?",
      "Mum: Honestly? I want her to talk to me. She goes straight up to her room. And I'd like her to get her grades back up.",
      'Client: Can we not.',
      "Therapist: That's useful. Would it be okay if Tegan and I had the rest of the time on our own?",
      "Mum: Course. I'll be in the car.",
      'Therapist: Tegan, what would you want to be different?',
      'Client: Sleep better.',
    ]);
    expect(goalTexts(s)).toEqual(['Sleep better']);
  });
});

describe('the life wished for, asked as ACT asks it', () => {
  it('reads the answers to "What would you want to be doing that you\'re not doing now?" and "What else?"', () => {
    const s = session('2027-04-05', [
      "Therapist: Say it's a year from now. What would you want to be doing that you're not doing now?",
      'Client: Hmm. I want to be playing bowls again, Tuesdays and Thursdays.',
      'Therapist: What else?',
      'Client: I want to see my grandchildren every Sunday, not hide in the shed.',
    ]);
    expect(goalTexts(s)).toEqual([
      'I want to be playing bowls again, Tuesdays and Thursdays',
      'I want to see my grandchildren every Sunday, not hide in the shed',
    ]);
  });
});

describe('a better time supposed, and whose wish it is', () => {
  it('reads the answer to "If things were a bit better, what would you be doing?", a person named before "I want to call her"', () => {
    const s = session('2027-04-05', [
      'Therapist: So if things were a bit better in a couple of months, what would you be doing?',
      "Client: Baking again, that first. Twice a week, like before. And... my brother. Tomas, in Leeds. I haven't rung him since the summer. I want to ring him again, properly.",
    ]);
    expect(goalTexts(s)).toEqual(['Baking again, that first', 'I want to ring him again, properly']);
  });

  it('reads no goal from someone else\'s wish for the client, or from "that\'s her idea, not mine"', () => {
    const s = session('2027-04-05', [
      'Therapist: What would you want to be different in a couple of months?',
      "Client: My son wants me to join a gym. That's his idea, not mine. I want to get back to the allotment twice a week.",
    ]);
    expect(goalTexts(s)).toEqual(['I want to get back to the allotment twice a week']);
  });
});

describe('a couple turning a wish down', () => {
  it('reads no goal from a wish for the two of them that the other partner turns down, nor from the turn that refuses it', () => {
    const s = session('2027-04-05', [
      'Therapist: What would you each like to get out of coming here?',
      "Client: I want to be able to say when I'm hurt, at the time.",
      "Therapist: Anything else while we're putting things on the table?",
      "Sam: Honestly? I'd like us to get a caravan. Something we do together, weekends away.",
      "Client: No. Absolutely not. Not with our money, I'd be the one paying for all of it.",
      "Therapist: Okay. I'll leave the caravan off our list.",
      'Sam: Worth a try.',
    ]);
    const texts = goalTexts(s);
    expect(texts.some((g) => /caravan|paying/.test(g))).toBe(false);
    expect(texts).toContain("I want to be able to say when I'm hurt, at the time");
  });
});

describe('a wish taken as a goal when asked', () => {
  it('reads "Add it as a goal?" agreed as the client\'s wish just said, in their words', () => {
    const s = session('2027-04-05', [
      'Therapist: What do you want to do about that?',
      "Client: I want to be able to say no to her. Not be horrible about it. Just, no, I can't take that on.",
      'Therapist: Add it as a goal?',
      'Client: Yes. Please.',
    ]);
    const goals = buildClientPlan([s]).goals;
    expect(goals.map((g) => g.text)).toEqual(['I want to be able to say no to her']);
    expect(goals[0]!.history[0]!.turnIds).toEqual(['t0002', 't0003', 't0004']);
  });

  it('reads "Is there anything about walking you would still want for yourself?" as asking for goals', () => {
    const s = session('2027-04-05', [
      "Therapist: Is there anything about walking, or getting out, that you'd still want for yourself?",
      'Client: There is a walking group on Tuesdays. I would like to join the group, meet some people.',
    ]);
    expect(goalTexts(s)).toEqual(['I would like to join the group, meet some people']);
  });
});

describe('a wish said as a condition, outside a goal question', () => {
  it('reads "If I could get each wash under two minutes I\'d be over the moon" as a goal with its measure', () => {
    const s = session('2027-04-05', [
      "Therapist: Could we put a number on it for you, something you'd be pleased with?",
      "Client: If I could get each shower under five minutes I'd be over the moon. Thirty seconds sounds like science fiction.",
    ]);
    const goals = buildClientPlan([s]).goals;
    expect(goals.map((g) => [g.text, g.measurable])).toEqual([["If I could get each shower under five minutes I'd be over the moon", 'five minutes']]);
  });
});
