import { describe, expect, it } from 'vitest';
import { readSession } from '../../../../lambdas/core/notes/extract/input.js';
import { extractInterventions, type Intervention } from '../../../../lambdas/core/notes/extract/interventions.js';
import { parseTranscript } from '../../../../lambdas/core/transcript/index.js';

function interventionsOf(lines: string[]): Intervention[] {
  return extractInterventions(readSession(parseTranscript(lines.join('\n'))));
}

function ids(lines: string[]): string[] {
  return interventionsOf(lines).map((i) => i.id);
}

function one(lines: string[], id: string): Intervention {
  const found = interventionsOf(lines).find((i) => i.id === id);
  expect(found, `${id} in ${JSON.stringify(lines)}`).toBeDefined();
  return found!;
}

describe('CBT', () => {
  it('examines the evidence, quoting the therapist and naming the thought in the client’s words', () => {
    // Prepare
    const lines = ["Client: I keep thinking I'm a complete failure at my job.", "Therapist: What tells you that's true?", 'Client: I missed the deadline.'];
    // Act
    const found = one(lines, 'cbt.examining-evidence');
    // Assess
    expect(found).toMatchObject({
      label: 'examining the evidence',
      modality: 'CBT',
      turnIds: ['t0002'],
      responseTurnIds: ['t0003'],
      quote: "What tells you that's true?",
    });
    expect(found.topic).toBe("I keep thinking I'm a complete failure at my job.");
  });

  it.each([
    ['Is there anything that doesn’t fit with the thought that you’re a failure?'],
    ['What’s the evidence for that?'],
    ['is there any evidence that goes against that'],
    ['How do you know that’s true?'],
    ['Is that a fact or a feeling?'],
  ])('examines the evidence: %s', (question) => {
    expect(ids(['Client: Nobody likes me.', `Therapist: ${question}`, 'Client: Hm.'])).toContain('cbt.examining-evidence');
  });

  it('finds the thought the therapist names in what the client said', () => {
    const found = one(
      [
        'Client: Honestly they all think I’m useless.',
        'Therapist: Mm.',
        'Client: Yeah.',
        'Therapist: What evidence do you have that they all think you are useless?',
      ],
      'cbt.examining-evidence',
    );
    expect(found.topic).toBe('Honestly they all think I’m useless.');
  });

  it.each([
    ['If a friend told you they’d missed one deadline, what would you say to them?'],
    ['What might be a more balanced way of looking at it?'],
    ['That sounds a bit like all-or-nothing thinking.'],
  ])('restructures: %s', (line) => {
    expect(ids(['Client: I always mess everything up.', `Therapist: ${line}`])).toContain('cbt.restructuring');
  });

  it('names re-rating how much the thought is believed as what it is, not as a balanced thought offered', () => {
    const found = ids(['Client: I always mess everything up.', 'Therapist: How much do you believe the original thought now?']);
    expect(found).toContain('cbt.rerating');
    expect(found).not.toContain('cbt.restructuring');
  });

  it('works on a thought record and its automatic thoughts in session', () => {
    const found = ids([
      'Therapist: Let’s fill in a thought record for that moment. What goes in the first column, the situation?',
      'Client: Sitting at my desk.',
      'Therapist: And what was going through your mind right then?',
      'Client: That everyone thinks I’m useless.',
    ]);
    expect(found).toEqual(expect.arrayContaining(['cbt.thought-record', 'cbt.automatic-thoughts']));
  });

  it('sets an agenda, and "running out of time" is not agenda setting', () => {
    expect(ids(['Therapist: Before we start, what would you like to put on the agenda for today?', 'Client: Work.'])).toContain('cbt.agenda');
    expect(ids(['Therapist: We’re running out of time, so let’s leave the agenda there.', 'Client: Okay.'])).not.toContain('cbt.agenda');
  });

  it.each([
    ['cbt.behavioural-experiment', 'What do you predict will happen if you speak up in the meeting? We could test that out.'],
    ['cbt.activity-scheduling', 'Let’s schedule some activities you used to enjoy into next week.'],
    ['cbt.exposure-hierarchy', 'Let’s build a fear ladder. What would be the least scary situation?'],
    ['cbt.exposure', 'Stay with the anxiety and notice it come down, without using your safety behaviours.'],
    ['cbt.problem-solving', 'What options do you have for getting to work without the car? Let’s brainstorm.'],
  ])('%s: %s', (id, line) => {
    expect(ids([`Therapist: ${line}`, 'Client: Okay.'])).toContain(id);
  });

  it('names the breathing exercise done in the room', () => {
    const found = one(
      ['Therapist: Let’s try some box breathing together now. Breathe in for four, hold for four, out for four.', 'Client: That feels calmer.'],
      'cbt.relaxation',
    );
    expect(found.label).toBe('breathing exercise');
  });

  it('a single "why?" is not examining the evidence; "how was your week" is nothing', () => {
    expect(
      ids([
        'Client: I didn’t go to the party.',
        'Therapist: Why?',
        'Client: I just didn’t want to.',
        'Therapist: How was your week otherwise?',
        'Client: Fine.',
      ]),
    ).toEqual([]);
  });

  it('a technique the client used in the past is not done now', () => {
    expect(ids(['Therapist: You mentioned the breathing helped you a lot last year.', 'Client: Yeah it did.'])).toEqual([]);
    expect(ids(['Therapist: You did a thought record once with your old therapist, didn’t you?', 'Client: Yeah.'])).toEqual([]);
  });

  it('what the therapist will do next time is a plan, not an intervention', () => {
    expect(ids(['Therapist: Next time we’ll do some breathing exercises together.', 'Client: Okay.'])).toEqual([]);
    expect(ids(['Therapist: Next session I want to introduce the exposure hierarchy.', 'Client: Alright.'])).toEqual([]);
  });

  it('a technique set as homework is setting homework, not the technique done', () => {
    const found = ids(['Therapist: This week I’d like you to practise the breathing exercise every morning.', 'Client: Yes, I’ll do it before work.']);
    expect(found).toEqual(['process.homework-setting']);
  });
});

describe('MI', () => {
  it('names the ruler by what it measures', () => {
    const found = ids([
      'Therapist: On a scale of 0 to 10, how important is it for you to cut down?',
      'Client: Maybe a 6.',
      'Therapist: And how confident are you, from 0 to 10, that you could do it?',
      'Client: About 4.',
    ]);
    expect(found).toEqual(['mi.ruler.importance', 'mi.ruler.confidence']);
  });

  it('a rating of mood is not a ruler', () => {
    expect(ids(['Therapist: On a scale of 0 to 10, how has your mood been?', 'Client: A 4.'])).not.toContain('mi.ruler.readiness');
  });

  it('reads a double-sided reflection, decisional balance and asking permission', () => {
    const found = ids([
      'Client: I like how drinking helps me relax but I hate the hangovers.',
      "Therapist: So part of you enjoys how it takes the edge off, and another part of you is worried about what it's costing you.",
      'Client: Yeah, exactly.',
      'Therapist: What are the not so good things about your drinking?',
      'Client: The money, mostly.',
      'Therapist: Would it be okay if I shared some information about how alcohol affects sleep?',
      'Client: Sure.',
    ]);
    expect(found).toEqual(['mi.complex-reflection', 'mi.decisional-balance', 'mi.asking-permission']);
  });

  it('a reflection that adds a feeling is complex; returns the technique once with its turns, not a count', () => {
    const found = one(
      [
        'Client: I’m tired of fighting with him all the time.',
        'Therapist: It sounds like you feel worn out and alone in this.',
        'Client: Yes.',
        'Therapist: It sounds as if you’re scared this is how it will always be.',
        'Client: Exactly.',
      ],
      'mi.complex-reflection',
    );
    expect(found.turnIds).toEqual(['t0002', 't0004']);
    expect(found.quote).toBe('It sounds like you feel worn out and alone in this.');
  });

  it('elicit-provide-elicit needs the second elicit', () => {
    const full = one(
      [
        'Therapist: What do you already know about how alcohol affects sleep?',
        'Client: That it helps you drop off?',
        'Therapist: It does help you fall asleep, but it breaks up deep sleep later in the night.',
        'Client: Huh.',
        'Therapist: What do you make of that?',
      ],
      'mi.elicit-provide-elicit',
    );
    expect(full.topic).toBe('alcohol affects sleep');
    expect(ids(['Therapist: What do you know about your medication?', 'Client: Not much.'])).not.toContain('mi.elicit-provide-elicit');
  });

  it.each([
    ['mi.summary', 'Let me make sure I’ve got this right. Work has been piling up and you’re not sleeping.'],
    ['mi.affirmation', 'That took a lot of courage to tell your sister.'],
    ['mi.affirmation', 'You’ve clearly been working really hard on this.'],
    ['mi.open-questions', 'What concerns you most about your drinking?'],
    ['mi.asking-permission', 'Can I share something that has helped other people?'],
  ])('%s: %s', (id, line) => {
    expect(ids(['Client: It has been a hard month.', `Therapist: ${line}`, 'Client: Yeah.'])).toContain(id);
  });
});

describe('DBT', () => {
  it('reviews the diary card, does a chain analysis and teaches TIPP', () => {
    const found = interventionsOf([
      'Therapist: Let’s look at your diary card from this week.',
      'Client: I had urges on Tuesday.',
      'Therapist: Let’s do a chain analysis of Tuesday. What was the prompting event?',
      'Client: My mum called.',
      'Therapist: One skill you could use when the urge hits is TIPP, like putting cold water on your face.',
      'Client: I could try that.',
      'Therapist: It makes sense that you felt overwhelmed after that call.',
    ]);
    expect(found.map((i) => i.id)).toEqual(['dbt.diary-card', 'dbt.chain-analysis', 'dbt.distress-tolerance', 'validation']);
    expect(found.find((i) => i.id === 'dbt.distress-tolerance')!.label).toBe('distress tolerance (TIPP)');
    // Validation in a DBT session is DBT validation.
    expect(found.find((i) => i.id === 'validation')!.modality).toBe('DBT');
  });

  it.each([
    ['dbt.interpersonal-effectiveness', 'Let’s use DEAR MAN to plan how you ask your manager.'],
    ['dbt.distress-tolerance', 'Let’s practise radical acceptance of the things you cannot change here.'],
    ['dbt.mindfulness', 'Let’s take a moment to notice your breath, without judging it.'],
  ])('%s: %s', (id, line) => {
    expect(ids([`Therapist: ${line}`, 'Client: Okay.'])).toContain(id);
  });

  it('asking whether the client used a skill is not teaching it', () => {
    expect(ids(['Therapist: Did you use TIPP when the urge came on Saturday?', 'Client: No, I forgot.'])).toEqual([]);
  });
});

describe('ACT', () => {
  it('defusion, values and committed action', () => {
    const found = ids([
      "Therapist: Notice that your mind is telling you you're not good enough.",
      "Client: I'm having the thought that I'm not good enough.",
      'Therapist: What matters most to you in your relationships?',
      'Client: Being honest.',
      'Therapist: What small step could you take this week towards that value?',
      'Client: Tell my partner how I feel.',
    ]);
    expect(found).toEqual(expect.arrayContaining(['act.defusion', 'act.values', 'act.committed-action']));
  });

  it('willingness to have the feeling is acceptance; willing to try a task is not', () => {
    expect(ids(['Therapist: Would you be willing to make room for that anxiety, just for a moment?', 'Client: I can try.'])).toContain('act.acceptance');
    expect(ids(['Therapist: Are you willing to try walking on Saturday?', 'Client: Maybe.'])).not.toContain('act.acceptance');
  });
});

describe('supportive', () => {
  it('validation, grief work and normalising after a death', () => {
    const found = interventionsOf([
      "Client: My dad died in March and I can't stop crying.",
      'Therapist: That makes complete sense given how close you were.',
      'Client: I just miss him.',
      'Therapist: What do you miss most about him?',
      'Client: His laugh.',
      'Therapist: A lot of people feel like this in the first year after a loss.',
    ]);
    expect(found.map((i) => [i.id, i.modality])).toEqual([
      ['validation', 'supportive'],
      ['supportive.grief-work', 'supportive'],
      ['supportive.normalising', 'supportive'],
    ]);
  });

  it('grief work needs a loss: "tell me about your mum" alone is not it', () => {
    expect(ids(['Client: My mum is coming to stay.', 'Therapist: Tell me about your mum.'])).not.toContain('supportive.grief-work');
  });

  it('"that\'s not normal" is not normalising', () => {
    expect(ids(['Therapist: That’s not normal, you should see a doctor about that rash.', 'Client: Okay.'])).toEqual([]);
  });

  it('psychoeducation names its topic', () => {
    const found = one(
      [
        'Therapist: I want to explain a bit about what happens in a panic attack. Your body’s alarm system kicks in even when there’s no danger.',
        'Client: That makes sense.',
      ],
      'supportive.psychoeducation',
    );
    expect(found.topic).toBe('panic attack');
  });

  it('reflective listening needs more than one reflection', () => {
    const lines = [
      'Client: Work has been a lot.',
      'Therapist: So you’ve had a lot on at work lately.',
      'Client: Yes, and home too.',
      'Therapist: You’re saying home is busy as well.',
    ];
    expect(ids(lines)).toContain('supportive.reflective-listening');
    expect(ids(lines.slice(0, 2))).not.toContain('supportive.reflective-listening');
  });
});

describe('psychiatry', () => {
  it('reviews the medication with its dose, adherence and side effects', () => {
    const found = interventionsOf([
      "Therapist: How's the sertraline going since we went up to 100 mg?",
      'Client: Better, I think.',
      'Therapist: Have you been taking it every day?',
      'Client: Mostly, I missed a couple.',
      'Therapist: Any side effects, like nausea or trouble sleeping?',
      'Client: A bit of nausea.',
    ]);
    expect(found.map((i) => i.id)).toEqual(['psychiatry.medication-review', 'psychiatry.adherence', 'psychiatry.side-effects']);
    expect(found.map((i) => i.topic)).toEqual(['sertraline 100 mg', 'sertraline 100 mg', 'sertraline 100 mg']);
  });

  it('"are you taking the bins out" is not adherence', () => {
    expect(ids(['Therapist: Have you been taking the dog out every day?', 'Client: Yes.'])).toEqual([]);
  });
});

describe('risk work', () => {
  it('assessment, means counselling and a safety plan', () => {
    const found = interventionsOf([
      'Client: Sometimes I think everyone would be better off without me.',
      'Therapist: Are you having thoughts of killing yourself?',
      'Client: Sometimes, yes.',
      'Therapist: Do you have a plan for how you would do it?',
      'Client: No.',
      'Therapist: Are there any guns in the house?',
      'Client: My husband has one.',
      'Therapist: Would he be willing to keep it locked up somewhere else for now?',
      'Client: I could ask him.',
      "Therapist: Let's write a safety plan together, starting with your warning signs.",
      'Client: Okay.',
    ]);
    expect(found.map((i) => [i.id, i.turnIds])).toEqual([
      ['risk.assessment', ['t0002', 't0004']],
      ['risk.means-counselling', ['t0006', 't0008']],
      ['risk.safety-plan', ['t0010']],
    ]);
  });

  it('"any plans for the weekend?" is not a risk assessment', () => {
    expect(ids(['Therapist: Any plans for the weekend?', 'Client: Not really.'])).toEqual([]);
  });

  it('reads an unpunctuated risk question', () => {
    expect(ids(['Client: i just cant do this anymore', 'Therapist: are you having any thoughts of ending your life', 'Client: sometimes'])).toContain(
      'risk.assessment',
    );
  });
});

describe('session process', () => {
  it('reviewing homework and eliciting feedback', () => {
    const found = interventionsOf([
      'Therapist: How did the thought record go?',
      'Client: I did it most days.',
      'Therapist: Before we finish, how was today’s session for you?',
      'Client: It was helpful.',
    ]);
    expect(found.map((i) => [i.id, i.turnIds, i.responseTurnIds])).toEqual([
      ['process.homework-review', ['t0001'], ['t0002']],
      ['process.feedback', ['t0003'], ['t0004']],
    ]);
  });
});

describe('speech-recogniser text', () => {
  it('reads turns without punctuation or apostrophes', () => {
    const found = ids([
      'Client: nobody at work likes me',
      'Therapist: whats the evidence that nobody at work likes you',
      'Client: they never invite me to lunch',
      'Therapist: okay so on a scale of zero to ten how ready are you to make a change',
      'Client: maybe a five',
      'Therapist: its really common for people to feel this way after a breakup youre not alone in that',
    ]);
    expect(found).toEqual(['cbt.examining-evidence', 'mi.ruler.readiness', 'supportive.normalising']);
  });
});

describe('an unpunctuated run that validates and then asks', () => {
  it('reads the validation and the question in one sentence, each for what it is', () => {
    const found = interventionsOf([
      'Client: i just feel like im a burden to everyone and theres no point',
      'Therapist: yeah i hear you thats a really heavy feeling to carry and it makes sense that youd feel worn down after the month youve had so i want to ask you directly are you having any thoughts of ending your life',
      'Client: sometimes at night yeah',
      'Therapist: okay thank you for telling me that took courage do you have a plan for how you might do it',
      'Client: no nothing like that',
      'Therapist: ok so what id like to do is put together a safety plan with you today who could you call if the thoughts get stronger at night',
      'Client: probably my sister',
      'Therapist: and for homework could you put the crisis line number in your phone before you go to bed tonight',
      'Client: yeah i can do that',
    ]);
    expect(found.map((i) => i.id)).toEqual(['validation', 'risk.assessment', 'mi.affirmation', 'risk.safety-plan', 'process.homework-setting']);
    const transcriptText = 'yeah i hear you thats a really heavy feeling to carry and it makes sense that youd feel worn down';
    expect(transcriptText).toContain(found[0]!.quote.split(' ').slice(0, 6).join(' '));
  });
});

describe('a short session with none', () => {
  it('returns nothing', () => {
    expect(
      ids([
        'Therapist: Hi, come on in. How was your week?',
        'Client: Fine. Busy.',
        'Therapist: What happened next?',
        'Client: I went home.',
        'Therapist: Okay. We’ll stop there for today; same time next week?',
        'Client: Sure.',
      ]),
    ).toEqual([]);
  });
});
