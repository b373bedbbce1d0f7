/**
 * Sentences a note must not write, each from a misreading found by reading notes by hand: a word that grades
 * how something went taken for a mood, an answer about the session taken for affect, praise taken for stress,
 * a task review taken for the check-in, a day's peak taken for the week's rating, a work meeting taken for the
 * next appointment; and what the note must write instead (homework set as a suggestion, the part of an answer
 * that commits to the task). The sessions are written for this file.
 */
import { describe, expect, it } from 'vitest';
import { extractNextAppointment } from '../../../../lambdas/core/notes/extract/appointment.js';
import { extractConcerns } from '../../../../lambdas/core/notes/extract/concerns.js';
import { extractFeelings } from '../../../../lambdas/core/notes/extract/feelings.js';
import { extractHomework } from '../../../../lambdas/core/notes/extract/homework.js';
import { extractInterventions } from '../../../../lambdas/core/notes/extract/interventions.js';
import { readSession } from '../../../../lambdas/core/notes/extract/input.js';
import { inlineTranscript } from '../../../helpers.js';
import { inlineNote, noteText } from '../note-helpers.js';

const read = (lines: string[]) => readSession(inlineTranscript(lines));
const feelings = (lines: string[]) => extractFeelings(read(lines)).map((f) => f.word);
const concerns = (lines: string[]) => extractConcerns(read(lines)).map((c) => c.key);

describe('a word that grades a performance is not a mood', () => {
  it('reads "I was terrible" about a first try at something as no feeling and no low mood', () => {
    const lines = [
      'Therapist: Tell me about the swimming.',
      'Client: I went on Sunday with my cousin. I was terrible, I swallowed half the pool. But I loved it.',
    ];
    expect(feelings(lines)).not.toContain('terrible');
    expect(concerns(lines)).not.toContain('low_mood');
  });

  it('reads "rubbish at" as a skill, and a feeling verb with the same word as a mood', () => {
    expect(feelings(['Therapist: Go on.', "Client: I'm rubbish at saying no to people."])).toEqual([]);
    expect(feelings(['Therapist: How are you?', 'Client: I feel terrible today.'])).toContain('terrible');
    expect(concerns(['Therapist: How are you?', 'Client: I feel terrible today.'])).toContain('low_mood');
  });

  it('reads a state named in an infinitive ("to be tired from something") as no report of the speaker', () => {
    expect(feelings(['Therapist: You sound lively.', 'Client: I forgot how nice it is to be tired from walking instead of from a desk.'])).toEqual([]);
    expect(feelings(['Therapist: How is your energy?', "Client: I'm tired all the time."])).toContain('tired');
  });
});

describe('an answer about the session is not affect', () => {
  it('does not take "Heavy, but good." after "How was today for you?" as the client\'s mood', () => {
    expect(feelings(['Therapist: We covered a lot. How was today for you?', 'Client: Heavy, but good.'])).toEqual([]);
    // The same words answering how the client is are a report of mood.
    expect(feelings(['Therapist: How are you feeling?', 'Client: Good.'])).toContain('good');
  });
});

describe('praise is not stress', () => {
  it('does not chart work stress from praise the client recalls as evidence against a fear', () => {
    const lines = [
      'Therapist: What is the evidence against the thought that you will be let go?',
      'Client: Against: my supervisor told me in March I was doing a great job under difficult circumstances.',
    ];
    expect(concerns(lines)).not.toContain('work');
    expect(concerns(['Therapist: How is work?', "Client: I'm really struggling at work since the merger."])).toContain('work');
  });
});

describe('a session that opens on how a named thing went', () => {
  it("charts the question and the client's account in Subjective, whole sentences, without calling it homework", () => {
    const { note } = inlineNote([
      'Therapist: How did the rehearsal go?',
      'Client: I did it. Twice actually. My partner said my hands did not shake.',
      'Therapist: That is useful evidence.',
      'Client: It surprised me.',
    ]);
    const subjective = note.sections.find((s) => s.name === 'Subjective')!.sentences;
    expect(subjective).toContainEqual(
      expect.objectContaining({ text: 'Asked "How did the rehearsal go?", Client said "I did it. Twice actually".', evidence: ['t0001', 't0002'] }),
    );
    expect(noteText(note)).not.toMatch(/homework (?:completed|partly|not completed|reviewed)/i);
  });

  it('charts an answer that counts the times ("Two out of three.") and a question about a day ("How was Saturday?")', () => {
    expect(
      noteText(inlineNote(['Therapist: How did the lunches go?', 'Client: Two out of three. One day I ate at the desk.', 'Therapist: Okay.']).note),
    ).toMatch(/Asked "How did the lunches go\?", Client said "Two out of three\. One day I ate at the desk"\./);
    expect(noteText(inlineNote(['Therapist: How was Saturday?', 'Client: I did the ring road on my own.', 'Therapist: Okay.']).note)).toMatch(
      /Asked "How was Saturday\?", Client said "I did the ring road on my own"\./,
    );
  });

  it('charts a long first sentence whole up to a clause break, not a clause that says less', () => {
    const { note } = inlineNote(['Therapist: How did it go?', 'Client: So, I did it properly Monday, Tuesday and Wednesday.', 'Therapist: Okay.']);
    expect(noteText(note)).toMatch(/Client said "So, I did it properly Monday, Tuesday and Wednesday"\./);
  });

  it('charts nothing from an answer that reports nothing done, or from a question about the client in general', () => {
    for (const lines of [
      ['Therapist: How did the rehearsal go?', 'Client: What rehearsal?', 'Therapist: The one we planned.'],
      ['Therapist: Tell me about yourself in your own words.', 'Client: Forty years a joiner, roofs and kitchens.', 'Therapist: Thank you.'],
      ['Therapist: How would you rate the week, zero to ten?', 'Client: I did okay, a six.', 'Therapist: Thanks.'],
    ]) {
      expect(noteText(inlineNote(lines).note)).not.toMatch(/Asked "/);
    }
  });

  it('charts nothing that would carry a name', () => {
    const { note } = inlineNote(['Therapist: Did you get to ask Ms Okafor?', 'Client: I did, the next day.', 'Therapist: Good.']);
    expect(noteText(note)).not.toMatch(/Okafor/);
  });
});

describe('the check-in is the question about how things have been, not a task review', () => {
  it('writes no check-in from the answer to "how did the plan go"', () => {
    const { note } = inlineNote([
      'Therapist: First, how did the plan we made last week go, the swimming and the early nights?',
      'Client: Swimming, yes. Early nights only twice.',
      'Therapist: Twice is a start.',
    ]);
    expect(noteText(note)).not.toMatch(/Asked how things had been/);
  });

  it('writes it from a question about anything since the last session', () => {
    const { note } = inlineNote(['Therapist: How has the appetite been since we last met?', 'Client: A bit better, I eat breakfast now.', 'Therapist: Good.']);
    expect(noteText(note)).toMatch(/Asked how things had been, Client said "A bit better, I eat breakfast now"\./);
  });

  it('writes it from "How have the last two weeks been?"', () => {
    const { note } = inlineNote(['Therapist: How have the last two weeks been?', 'Client: Up and down, honestly.', 'Therapist: Tell me more.']);
    expect(noteText(note)).toMatch(/Asked how things had been, Client said "Up and down, honestly"\./);
  });
});

describe("a rating of the week is the typical value, not one day's peak", () => {
  it('charts "mostly fours this week" as 4/10 this week, never the 8 of one day as today\'s', () => {
    const { note } = inlineNote([
      'Therapist: And anxiety, zero to ten?',
      'Client: Mostly fours this week. One eight, on the day of the interview.',
      'Therapist: Thanks.',
    ]);
    const text = noteText(note);
    expect(text).toMatch(/anxiety 4\/10 this week/);
    expect(text).not.toMatch(/8\/10/);
  });
});

describe('homework set as a suggestion, and the answer that takes it up', () => {
  it('reads "I\'d suggest something simple: keep a …" with a time in the turn as homework set', () => {
    const hw = extractHomework(
      read([
        "Therapist: For this first week, I'd suggest something simple: keep a short food diary. Each evening, note what you ate and when.",
        'Client: Doable. I can use my phone.',
      ]),
    );
    expect(hw.assigned.map((t) => t.task)).toContain('keep a short food diary');
  });

  it('quotes the part of a two-part answer that commits to this task', () => {
    const hw = extractHomework(
      read([
        'Therapist: So this week: the call with your landlord, and if the worry comes back at night, would you be willing to try one worry postponement on it?',
        "Client: Yes. I'll ring the landlord on Monday, and I'll try a worry postponement at night if it comes back.",
      ]),
    );
    const task = hw.assigned.find((t) => /worry postponement/.test(t.task));
    expect(task?.responseQuote).toBe("I'll try a worry postponement at night if it comes back.");
  });
});

describe('the next appointment is a meeting of this therapy', () => {
  it('does not take the team meeting a client names as the next session', () => {
    const next = extractNextAppointment(
      read([
        'Therapist: What was the situation?',
        'Client: Monday, the team meeting. I thought I would look stupid.',
        'Therapist: What went through your mind?',
      ]),
    );
    expect(next).toBeNull();
    expect(extractNextAppointment(read(['Therapist: Shall we meet again next Tuesday?', 'Client: Yes, that works.']))?.when).toBe('next tuesday');
  });
});

describe('tiredness is the body, not the mood', () => {
  it('charts "exhausted" as fatigue and not as mood in the client\'s words', () => {
    const { note } = inlineNote([
      'Therapist: How has the week been?',
      "Client: Rough. I wake at four and then I'm exhausted the next day.",
      'Therapist: That sounds hard.',
    ]);
    const text = noteText(note);
    expect(text).toMatch(/fatigue/);
    expect(text).not.toMatch(/mood was "[^"]*exhausted/);
  });
});

describe('a list of tasks for the week, taken up, is homework in the note', () => {
  it('writes the interval list the client agrees to, never "none identified"', () => {
    const { note } = inlineNote([
      'Therapist: So for this week: swimming on Saturday, lights out by eleven at least four nights, and bring the bills. Does that capture it?',
      "Client: That's it. I can do that.",
      'Therapist: See you next week.',
    ]);
    const text = noteText(note);
    expect(text).toMatch(/Homework \(set by the therapist\): "So for this week: swimming on Saturday/);
    expect(text).not.toMatch(/Homework: none identified/);
  });
});

describe('an agenda item is not acceptance work', () => {
  it('reads "Let\'s make room for that." after an item added to the agenda as no ACT acceptance, and "make room for that feeling" as one', () => {
    const ids = (lines: string[]) => extractInterventions(read(lines)).map((i) => i.id);
    expect(
      ids([
        'Therapist: Anything you would like to add to the agenda?',
        'Client: The Monday thing, maybe.',
        "Therapist: Let's make room for that. First, how was the week?",
      ]),
    ).not.toContain('act.acceptance');
    expect(ids(['Client: The dread comes back every Sunday.', 'Therapist: Could you make room for that feeling, just for a minute, right now?'])).toContain(
      'act.acceptance',
    );
  });

  it('reads a technique set aside ("let\'s drop the thought records for now") as not used', () => {
    const ids = (lines: string[]) => extractInterventions(read(lines)).map((i) => i.id);
    expect(
      ids(['Client: The worksheets feel pointless.', "Therapist: Then let's drop the thought records for now, unless you find them useful."]),
    ).not.toContain('cbt.thought-record');
  });
});

describe('questionnaires named by their topic, and a request to be understood', () => {
  it('charts no anxiety from "twelve on the worry one", and no insight from "if that makes sense"', () => {
    const { note } = inlineNote([
      'Therapist: Did the questionnaires work this time?',
      'Client: They did. I got twelve on the worry one and seven on the mood one.',
      'Therapist: What happened in the exercise?',
      "Client: My heart was thumping but it wasn't scary thumping, if that makes sense.",
    ]);
    const text = noteText(note);
    expect(text).not.toMatch(/anxiety \("I got twelve/);
    expect(text).not.toMatch(/new understanding/);
  });

  it('still charts worry said as a concern, and an understanding reached', () => {
    const { note } = inlineNote([
      'Therapist: How has the week been?',
      "Client: I've been so worried about money I can't think straight.",
      'Therapist: What do you make of the pattern?',
      'Client: I never noticed that before, that it always starts on Sunday night.',
    ]);
    const text = noteText(note);
    expect(text).toMatch(/anxiety|worry/i);
    expect(text).toMatch(/new understanding/);
  });
});

describe('a task list the client says back and then agrees to', () => {
  it('reads "For this week, how about …" answered "Ten minutes, three times. Yes." as homework, listed in the order set', () => {
    const hw = extractHomework(
      read([
        'Therapist: For this week, how about the bike at the gym, ten minutes, three times, and write down your distress at the start and the end?',
        'Client: Ten minutes, three times. Yes.',
        'Therapist: Yes, and keep the worry log going every evening.',
        'Client: Okay. I can do that.',
      ]),
    );
    expect(hw.assigned.map((t) => [t.id, t.turnIds[0]])).toEqual([
      ['homework-1', 't0001'],
      ['homework-2', 't0003'],
    ]);
  });
});

describe('a review of "the plan we agreed" names the tasks after it, not the question\'s verb', () => {
  it('reads "how did the plan we agreed last time go, the swimming and the early nights?" as a review of those', () => {
    const reviewed = extractHomework(
      read([
        'Therapist: First, how did the plan we agreed last time go, the swimming and the early nights?',
        'Client: Swimming twice. The early nights, only once.',
      ]),
    ).reviewed;
    expect(reviewed).toMatchObject([{ task: 'the swimming and the early nights', completion: 'partly', turnIds: ['t0001', 't0002'] }]);
  });
});

describe('the next appointment, and no homework said as such', () => {
  it('reads "filling in the schedule" as no meeting, and "Can we do next Monday, at nine?" at the close as the next one', () => {
    const lines = [
      'Therapist: So the plan from last week was the three walks, Tuesday, Thursday and Saturday, and filling in the schedule each evening. How did that go?',
      "Client: I didn't do any of it.",
      'Therapist: That is okay. We can talk about what got in the way.',
      'Client: Okay.',
      'Therapist: Then we will keep the goal and work out the how together. Can we do next Monday, but an hour earlier, at nine?',
      "Client: Nine's fine.",
      'Therapist: Nine next Monday.',
    ];
    expect(extractNextAppointment(read(lines))).toMatchObject({ when: 'next monday' });
    expect(extractNextAppointment(read(lines.slice(0, 4)))).toBeNull();
  });

  it('charts "Then no homework this week" as what was agreed, with its turn, not as a gap', () => {
    const { assigned, noneSet } = extractHomework(
      read([
        'Therapist: Can I suggest one thing, and you can say no?',
        "Client: I'll not promise anything.",
        "Therapist: That's fair. Then no homework this week.",
        "Client: Okay. That's better.",
      ]),
    );
    expect(assigned).toEqual([]);
    expect(noneSet).toEqual({ quote: 'Then no homework this week.', turnIds: ['t0003', 't0004'] });
  });
});

describe('family named in the words of other Englishes', () => {
  it('reads "my mam", "my da" and "my ma" as family in a relationship difficulty', () => {
    for (const text of ["Client: Me and my mam row every single night, it's wrecking my head.", 'Client: My da and me had a massive argument on Sunday.'])
      expect(concerns(['Therapist: How have things been at home?', text]), text).toContain('relationship');
  });
});

describe("progress toward goals is the Assessment's", () => {
  const lines = [
    'Therapist: Let me look back at the goals from our first session: sleeping through most nights, and getting back to climbing. Where are you with sleep?',
    "Client: I've slept through five nights out of seven. I think the sleep goal is met.",
    'Therapist: And climbing?',
    'Client: Not yet. I want to go on Saturday.',
  ];

  it('charts a goal reported reached in SOAP Assessment, not Subjective, and once in GIRP', () => {
    const soap = inlineNote(lines, 'soap').note;
    const section = (name: string) =>
      soap.sections
        .find((s) => s.name === name)!
        .sentences.map((s) => s.text)
        .join(' ');
    expect(section('Assessment')).toContain('Goal reported as achieved: "sleeping through most nights"');
    expect(section('Subjective')).not.toContain('sleeping through most nights');
    const girp = noteText(inlineNote(lines, 'girp').note);
    expect(girp.split('sleeping through most nights').length - 1).toBe(1);
  });
});
