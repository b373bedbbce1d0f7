import { describe, expect, it } from 'vitest';
import { codeClientTurn, codeTherapistTurn } from '../../../lambdas/core/metrics/utterance-codes.js';

describe('therapist questions (MITI 4.2)', () => {
  it.each([
    ['What brings you in today?', 'open'],
    ['How has the week been for you?', 'open'],
    ['Tell me more about the argument.', 'open'],
    ['What would you like to talk about?', 'open'],
    ["I'm wondering what a good week would look like for you.", 'open'],
    ['Did you go to bed by ten?', 'closed'],
    ['How many drinks do you have on a weekend night?', 'closed'],
    ['Are you still drinking coffee after lunch?', 'closed'],
    ["Don't you think that's worth a try?", 'closed'],
    ['On a scale of 1 to 10, how important is it to you to cut down?', 'closed'],
  ])('codes "%s" as an %s question', (text, kind) => {
    // Act
    const codes = codeTherapistTurn(text);
    // Assess
    expect(codes.primary).toBe('question');
    expect(codes.questions[kind as 'open' | 'closed']).toBe(1);
  });

  it('reads a sentence that opens with "what" but asks nothing as a statement', () => {
    const codes = codeTherapistTurn('What I would recommend is that you keep him away from smoke.');
    expect(codes.questions).toEqual({ open: 0, closed: 0 });
    expect(codes.advice).toBe('without_permission');
  });
});

describe('therapist reflections', () => {
  it("codes a restatement of the client's words as a simple reflection", () => {
    const codes = codeTherapistTurn('So you stopped going to the gym in March.', 'I stopped going to the gym back in March.');
    expect(codes.primary).toBe('reflection');
    expect(codes.reflections.simple).toBe(1);
  });

  it('codes a reflection that adds feeling or meaning as complex', () => {
    const codes = codeTherapistTurn('It sounds like part of you is scared of letting your family down.');
    expect(codes.primary).toBe('reflection');
    expect(codes.reflections.complex).toBe(1);
  });

  it.each([
    ["You're worried the kids will notice.", 'My kids are starting to notice when I drink.'],
    ['Your wife has been on you about your health.', "My wife's been on me about my health habits."],
    ["That's a lot to carry on your own.", 'I look after my mum and the kids and I work nights.'],
    ['Inner harmony, health and security.', 'My top three are inner harmony, health and security.'],
  ])('codes the statement "%s" about the client as a reflection', (text, client) => {
    expect(codeTherapistTurn(text, client).primary).toBe('reflection');
  });

  it('treats a rising-intonation restatement as a reflection, not a question', () => {
    expect(codeTherapistTurn('So right now it feels almost too hard to even try, for you?').primary).toBe('reflection');
    expect(codeTherapistTurn("You're not sure the drinking is what's causing the fights?").primary).toBe('reflection');
  });

  it('keeps a double-sided reflection a reflection even when it names what the client cannot keep doing', () => {
    const codes = codeTherapistTurn("Part of you wants to protect your reputation by saying yes, and part of you knows you can't keep doing that.");
    expect(codes.primary).toBe('reflection');
    expect(codes.confrontation).toBe(false);
  });
});

describe('backchannels', () => {
  it.each(['Mm-hmm.', 'Right.', 'Okay.', 'Okay?', 'Uh-huh, yeah.', 'Right, right. Okay.', 'Mm.'])(
    'codes "%s" alone as a backchannel, never a question or reflection',
    (text) => {
      const codes = codeTherapistTurn(text, 'I went to the meeting on Tuesday and it was fine.');
      expect(codes.backchannel).toBe(true);
      expect(codes.primary).toBe('other');
      expect(codes.questions).toEqual({ open: 0, closed: 0 });
      expect(codes.reflections).toEqual({ simple: 0, complex: 0 });
    },
  );

  it('does not call a turn a backchannel when something follows the acknowledgement', () => {
    const codes = codeTherapistTurn('Okay. What happened next?');
    expect(codes.backchannel).toBe(false);
    expect(codes.primary).toBe('question');
  });
});

describe('advice, permission and collaboration', () => {
  it('separates advice given with permission from advice without it', () => {
    const asked = codeTherapistTurn('Would it be okay if I shared an idea? You could try a short walk after dinner.');
    const unasked = codeTherapistTurn('You need to stop drinking coffee after lunch.');
    expect(asked.asksPermission).toBe(true);
    expect(asked.seeksCollaboration).toBe(true);
    expect(asked.advice).toBe('with_permission');
    expect(unasked.advice).toBe('without_permission');
    expect(unasked.primary).toBe('input');
    expect(unasked.confrontation).toBe(false);
  });

  it.each([
    "I'd suggest keeping a drinking diary this week.",
    "You'd better cut back before the exam.",
    'I really want you to take the tablets every morning.',
    'Why don’t you try leaving your phone in the kitchen at night?',
    "It's important that you take it with food.",
    'Make sure you eat something before you take it.',
  ])('codes "%s" as advice', (text) => {
    const codes = codeTherapistTurn(text);
    expect(codes.advice).toBe('without_permission');
    expect(codes.primary).toBe('input');
  });

  it('treats advice after the client asked for it as given with permission', () => {
    expect(codeTherapistTurn('You could try the patches.', { previousClientText: 'What should I do about the cravings?' }).advice).toBe('with_permission');
  });

  it('treats advice in the turn after a permission question as given with permission', () => {
    expect(codeTherapistTurn('You might try a glass of water between drinks.', { previousClientText: 'Sure, go ahead.', permissionAsked: true }).advice).toBe(
      'with_permission',
    );
  });

  it.each([
    'What do you think?',
    'How does that sound to you?',
    'What ideas do you have about where to start?',
    'Does that make sense?',
    'May I share what other people have found helpful?',
  ])('codes "%s" as seeking collaboration', (text) => {
    expect(codeTherapistTurn(text).seeksCollaboration).toBe(true);
  });

  it('still codes "so you need to …" as advice', () => {
    expect(codeTherapistTurn('So you need to take your medicine every day.').advice).toBe('without_permission');
  });
});

describe('autonomy', () => {
  it.each([
    "It's your choice.",
    "You're the one who decides what happens next.",
    'Whatever you decide, I will be here.',
    'In the end the decision is yours.',
    "I can't make that decision for you.",
  ])('codes "%s" as emphasising autonomy', (text) => {
    const codes = codeTherapistTurn(text);
    expect(codes.autonomy).toBe(true);
    expect(codes.advice).toBeNull();
  });
});

describe('information, warning, lecture and confrontation', () => {
  it('codes information giving as input', () => {
    const codes = codeTherapistTurn('Smoking really is bad for you. It causes lung cancer and heart disease.');
    expect(codes.primary).toBe('input');
    expect(codes.information).toBe(true);
  });

  it('codes general facts with numbers as information', () => {
    const codes = codeTherapistTurn('The guidelines say no more than 14 units a week, spread over three days or more.');
    expect(codes.information).toBe(true);
    expect(codes.primary).toBe('input');
  });

  it.each([
    "If you keep drinking like this, you'll lose your liver.",
    "If you don't take the inhaler, she's going to end up in hospital again.",
    "You're going to get kicked out of school if this carries on.",
  ])('codes "%s" as a warning', (text) => {
    const codes = codeTherapistTurn(text);
    expect(codes.warning).toBe(true);
    expect(codes.primary).toBe('input');
  });

  it("does not call a reflection of the client's own fear a warning", () => {
    const codes = codeTherapistTurn("You're worried that if you keep drinking you'll lose your job.");
    expect(codes.warning).toBe(false);
    expect(codes.primary).toBe('reflection');
  });

  it('codes a long turn of informing and persuading as a lecture', () => {
    const codes = codeTherapistTurn(
      'Alcohol is a depressant and it affects your sleep. Most people who drink every night find they sleep worse, not better. ' +
        'The guidelines recommend at least two alcohol-free days a week. You should really think about cutting down. ' +
        'If you keep going like this your liver will pay for it.',
    );
    expect(codes.lecture).toBe(true);
    expect(codes.primary).toBe('input');
  });

  it('keeps informing the main behaviour when a short check ends the turn', () => {
    const codes = codeTherapistTurn('This tablet lowers your cholesterol, and it works best if you take it at night with some food. Does that make sense?');
    expect(codes.primary).toBe('input');
    expect(codes.seeksCollaboration).toBe(true);
  });

  it.each(["You're just making excuses again.", "That's not true and you know it.", 'What were you thinking, driving home like that?'])(
    'codes "%s" as confronting',
    (text) => {
      const codes = codeTherapistTurn(text);
      expect(codes.confrontation).toBe(true);
    },
  );
});

describe('affirmations', () => {
  it.each(['That took a lot of courage to say.', "You've worked really hard on this.", 'Good for you.'])('codes "%s" as an affirmation', (text) => {
    expect(codeTherapistTurn(text).affirmation).toBe(true);
  });

  it('keeps an affirmation with a number in it an affirmation, not information', () => {
    const codes = codeTherapistTurn("You've gone 3 days without a drink, that's great.", "I haven't had a drink since Friday.");
    expect(codes.affirmation).toBe(true);
    expect(codes.information).toBe(false);
    expect(codes.primary).not.toBe('input');
  });
});

describe('client language (MISC change vs sustain talk)', () => {
  it.each([
    ['I really want to cut down before the baby comes.', 'change'],
    ["I'd like to quit.", 'change'],
    ["I'm going to call him this weekend.", 'change'],
    ["I've already started walking in the mornings.", 'change'],
    ["I don't want to end up like my dad.", 'change'],
    ["I don't want to keep drinking.", 'change'],
    ["I can't keep doing this.", 'change'],
    ["I haven't had a drink since Tuesday.", 'change'],
    ["I've been trying not to smoke in the house.", 'change'],
    ["I'm sick of the hangovers.", 'change'],
    ['I could probably go two nights a week without a drink.', 'change'],
    ["I don't think I have a problem with drinking.", 'sustain'],
    ["I don't want to stop.", 'sustain'],
    ["I can't stop.", 'sustain'],
    ["I've tried that before and it never works.", 'sustain'],
    ["I'm not going to quit, I like it too much.", 'sustain'],
    ["Honestly, I don't see what the big deal is.", 'sustain'],
    ['We went to the lake on Sunday.', 'neutral'],
    ['Yeah.', 'neutral'],
  ])('codes "%s" as %s', (text, expected) => {
    expect(codeClientTurn(text)).toBe(expected);
  });

  it('reads "it" as the behaviour the conversation is about', () => {
    expect(codeClientTurn('Honestly, it helps me relax after work.', { therapistText: 'What do you get out of drinking?' })).toBe('sustain');
    expect(codeClientTurn("I know it's not good for him.", { therapistText: 'You try not to smoke around your son.' })).toBe('change');
  });

  it.each([['I want to die.'], ["I can't go on."], ['Nothing will ever change.'], ["What's the point of living?"], ['I just want it all to end.']])(
    'never codes the risk statement "%s" as change or sustain talk',
    (text) => {
      expect(codeClientTurn(text)).toBe('neutral');
      expect(codeClientTurn(`Yeah. ${text}`, { therapistText: "So you'd like to stop drinking?" })).toBe('neutral');
    },
  );

  it('codes "it\'s pointless" about something else as neutral', () => {
    expect(codeClientTurn("It's pointless trying to fix that old car.")).toBe('neutral');
  });

  it("takes a bare answer's direction from the therapist turn it answers", () => {
    expect(codeClientTurn('Yeah.', { therapistText: "So you'd like to cut down?" })).toBe('change');
    expect(codeClientTurn('Yes, I think so.', { therapistText: 'Do you think you could go two weeks without drinking?' })).toBe('change');
    expect(codeClientTurn('Okay.', { therapistText: 'I think you should stop as soon as you can.' })).toBe('change');
    expect(codeClientTurn('Exactly.', { therapistText: "You don't want to give it up." })).toBe('sustain');
    expect(codeClientTurn('No, not really.', { therapistText: 'Are you thinking about cutting down?' })).toBe('sustain');
    expect(codeClientTurn('Yeah.', { therapistText: 'It sounds like a busy week.' })).toBe('neutral');
  });

  it('lets a turn cut off by a backchannel keep the code of the statement it continues', () => {
    expect(codeClientTurn('-for years now.', { continues: 'change' })).toBe('change');
    expect(codeClientTurn('-for years now.')).toBe('neutral');
  });
});

describe('therapist input beyond advice: plans, answers, self-disclosure, normalising', () => {
  it.each([
    "We're going to work with you on a plan for the evenings.",
    "I'll send you the referral form this afternoon.",
    'I already wrote a prescription for the cream.',
    "I've read that a lot of people find the second week the hardest.",
    'I had a patient who kept a journal of every craving.',
    'I used to bite my nails for years.',
    "It's very common to feel flat for a while after a loss.",
    'A lot of parents go through exactly this with a toddler.',
  ])('codes "%s" as input', (text) => {
    expect(codeTherapistTurn(text, { previousClientText: 'I just feel stuck.' }).primary).toBe('input');
  });

  it.each([
    ['It does help most people sleep.', 'Does that actually work?'],
    ['Usually about two weeks.', 'How long until the tablets kick in?'],
    ['Not yet, the results come back on Friday.', 'Did my scan come back?'],
  ])('codes "%s" answering the client\'s question as input', (text, client) => {
    expect(codeTherapistTurn(text, { previousClientText: client }).primary).toBe('input');
  });

  it.each([
    ["I'm right here with you.", 'Can you stay on the line with me?'],
    ["I'm not going anywhere.", 'Are you going to hang up on me?'],
    ['I understand.', 'Do you get why I did it?'],
  ])('does not read being with the client, "%s", as answering with information', (text, client) => {
    expect(codeTherapistTurn(text, { previousClientText: client }).primary).not.toBe('input');
  });

  it('still reads a reflection of a client who asked as a reflection', () => {
    expect(codeTherapistTurn("You're wondering whether any of this is worth it.", { previousClientText: 'Why even bother?' }).primary).toBe('reflection');
  });

  it('does not read "you know?" at the end of a client turn as a question to answer', () => {
    expect(codeTherapistTurn('The whole week was a mess for you.', { previousClientText: 'It was a mess all week, you know?' }).primary).toBe('reflection');
  });

  it('keeps a statement about the client, with no question before it, a reflection', () => {
    expect(codeTherapistTurn('The evenings are when it gets hardest.', { previousClientText: 'Evenings are the worst, honestly.' }).primary).toBe('reflection');
  });
});

describe('client change talk as reasons, values and taking on a suggestion', () => {
  it.each([
    ['My dad got really angry with me.', "So you'd been drinking before the match."],
    ["My girlfriend would be so upset if she knew how much I'm using.", 'Tell me about the drinking at weekends.'],
    ['I want to be a better father.', 'What matters most to you about this?'],
    ['I just want to be there for my kids.', 'Why does smoking come up for you now?'],
    ['I want to get my license back.', 'What would change if you stopped drinking?'],
    ["I really don't like it when I get the shakes.", 'What do you not like so much about the drinking?'],
    ['When I drink I end up in trouble.', 'Tell me about drinking.'],
    ['I could do that.', 'You might try leaving your cigarettes in the car.'],
    ['Yeah, I think I can manage that.', 'One option would be to eat before you go to the pub.'],
  ])('codes "%s" as change talk', (text, therapistText) => {
    expect(codeClientTurn(text, { therapistText })).toBe('change');
  });

  it('reads a bare "okay" to advice as an acknowledgement, not change talk', () => {
    expect(codeClientTurn('Okay.', { therapistText: 'You might try leaving your cigarettes in the car.' })).toBe('neutral');
  });

  it('leaves someone else upset about something other than the behaviour neutral when no behaviour is named', () => {
    expect(codeClientTurn('My sister was upset about the wedding plans.', { therapistText: 'How was the weekend?' })).toBe('neutral');
  });
});

describe('client sustain talk as the behaviour made normal or rewarding', () => {
  it.each([
    ['Half my mates smoke way more than me.', 'Tell me about smoking.'],
    ['Everybody drinks at those parties.', 'What are the parties like?'],
    ['When I have a joint I feel calmer.', 'What does the weed do for you?'],
    ['When we drink, we have more fun.', 'What do you like about drinking?'],
  ])('codes "%s" as sustain talk', (text, therapistText) => {
    expect(codeClientTurn(text, { therapistText })).toBe('sustain');
  });

  it('reads the behaviour named in the condition as stopping when it is stopping', () => {
    expect(codeClientTurn('When I stopped drinking I felt healthier.', { therapistText: 'Tell me about last year.' })).toBe('change');
  });
});

describe('client change talk: a suggestion judged workable, a change held to, a belief framed by feeling', () => {
  const suggestion = 'You could try taking the tablet at night with your other pills.';
  it.each([
    ['Yeah, I think that would be a good idea.', suggestion],
    ['I think that could work.', suggestion],
    ['That sounds doable, actually.', suggestion],
    ['So I guess I could take it then.', suggestion],
    ["I'm down to three cigarettes a day.", 'How has the week gone?'],
    ["I've been sober since March.", 'How has the year gone?'],
    ['I feel like I should cut back on the gaming.', 'What are you thinking about it?'],
    ['I feel I ought to stop.', 'What do you make of the drinking?'],
    ['I want to be more patient with my kids.', 'What would you like to be different?'],
  ])('codes "%s" as change talk', (text, therapistText) => {
    expect(codeClientTurn(text, { therapistText })).toBe('change');
  });

  it('leaves "that sounds good" to a question that proposes nothing neutral', () => {
    expect(codeClientTurn('That sounds good.', { therapistText: 'Shall we meet again on Thursday at ten?' })).toBe('neutral');
  });
});

describe('therapist input: the record, the role, an opinion', () => {
  it.each([
    'Your blood pressure is higher than last time.',
    'Your liver tests came back a little raised.',
    'Your next appointment is on the fourteenth.',
    'One of my jobs here is to check in on how the medication is going.',
    'I bet the second interview goes better than the first.',
    'The screening questionnaire shows a moderate score for low mood.',
    'You can get nicotine patches at any pharmacy without a prescription.',
    'And you can always call the crisis line at night, it is staffed around the clock.',
    "The discharge notes say you'd been on the ward for nine days.",
    'In my opinion the evening class would suit your hours.',
  ])('codes "%s" as input', (text) => {
    expect(codeTherapistTurn(text, { previousClientText: 'Okay.' }).primary).toBe('input');
  });

  it('keeps "I bet you felt…" a reflection, not an opinion', () => {
    expect(codeTherapistTurn('I bet you felt pretty let down.', { previousClientText: 'Nobody turned up to my birthday.' }).primary).not.toBe('input');
  });
});

describe('client talk: how much and how often', () => {
  it.each([
    ["I don't really think I drink that much.", 'sustain'],
    ["Honestly I don't smoke that often.", 'sustain'],
    ["I've only been using once or twice.", 'sustain'],
    ['I only skipped class once.', 'sustain'],
    ['I drink way too much.', 'change'],
    ['I smoke more than I should.', 'change'],
  ])('codes "%s" as %s talk', (text, code) => {
    expect(codeClientTurn(text, { therapistText: 'Tell me about the weekends.' })).toBe(code);
  });
});

describe('client answers to evoking questions', () => {
  it.each([
    ['My lungs would thank me, and I could play with my grandson without wheezing.', 'What would be good about quitting?', 'change'],
    ['The money mostly, it adds up fast.', 'What worries you about the betting?', 'change'],
    ['Because the kids have started to notice.', 'What made you say a six and not a three?', 'change'],
    ['It takes the edge off after a long shift.', 'What do you like about having a smoke?', 'sustain'],
    ["I don't know, nothing really comes to mind.", 'What would be good about quitting?', 'neutral'],
    ['The bus was late again this morning.', 'How was your week?', 'neutral'],
  ])('codes "%s" after "%s" as %s', (text, therapistText, code) => {
    expect(codeClientTurn(text, { therapistText })).toBe(code);
  });
});

describe('client answers on a ruler', () => {
  const ruler = 'On a scale of one to ten, how important is it to you to cut back on the gaming?';
  it.each([
    ["Honestly it's really important to me right now.", 'change'],
    ["I'm pretty confident about it.", 'change'],
    ["It's not that important to me, to be honest.", 'sustain'],
    ['I would say a seven.', 'neutral'],
  ])('codes "%s" as %s', (text, code) => {
    expect(codeClientTurn(text, { therapistText: ruler })).toBe(code);
  });

  it('reads "really important" as a ruler answer only after a ruler question', () => {
    expect(codeClientTurn("It's really important to me.", { therapistText: 'Tell me about your sister.' })).toBe('neutral');
  });
});

describe('client change talk about a life that has to change', () => {
  it.each([
    ['Something has got to change, honestly.'],
    ['I want things to be different this year.'],
    ['I really need to get my life back on track.'],
    ['My marriage is falling apart over this.'],
    ['I want my son to be proud of me.'],
    ["I don't want my daughter to grow up thinking that's normal."],
    ['I poured all the vodka down the sink last night.'],
    ['I threw out all my cigarettes on Sunday.'],
    ['I want to get fit again.'],
  ])('codes "%s" as change talk', (text) => {
    expect(codeClientTurn(text, { therapistText: 'Tell me how the drinking has been.' })).toBe('change');
  });

  it('leaves a life that does not have to change neutral', () => {
    expect(codeClientTurn("Nothing has to change, it's fine.", { therapistText: 'How was your week?' })).not.toBe('change');
  });
});

describe('client sustain talk: control claimed, harm denied, the behaviour as getting high', () => {
  it.each([
    ['I can handle it.'],
    ['I can quit any time I want.'],
    ["Honestly I've got it under control."],
    ["I'm not hurting anybody."],
    ["It's my life."],
    ['Everyone at the warehouse smokes.'],
    ['I just want to get high on the weekend.'],
  ])('codes "%s" as sustain talk', (text) => {
    expect(codeClientTurn(text, { therapistText: 'Tell me more about the weed.' })).toBe('sustain');
  });

  it('reads "I can\'t handle it" as no claim of control', () => {
    expect(codeClientTurn("I can't handle it.", { therapistText: 'Tell me more about the weed.' })).not.toBe('sustain');
  });
});
