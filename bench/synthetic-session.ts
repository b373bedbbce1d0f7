/**
 * Deterministic synthetic therapy sessions for speed benchmarks.
 *
 * The text is plausible-looking but meaningless clinically: it is assembled from
 * sentence templates (questions, reflections, affirmations, advice, change /
 * sustain / neutral client talk) with slot fillers, so the engine sees varied
 * vocabulary and turn lengths rather than one repeated line. A seeded PRNG
 * (mulberry32) makes the output a pure function of `{ minutes, seed }`.
 *
 * Scale: 150 spoken words and 10 turns per minute, i.e. ~9,000 words and 600
 * turns for 60 minutes (speaker labels not counted as words).
 */

export interface SyntheticSessionOptions {
  /** Session length in minutes (default 60). Words and turns scale linearly. */
  minutes?: number;
  /** PRNG seed (default 1). Same options, same text. */
  seed?: number;
}

export const WORDS_PER_MINUTE = 150;
export const TURNS_PER_MINUTE = 10;

type Speaker = 'Therapist' | 'Client';

export interface SyntheticTurn {
  speaker: Speaker;
  text: string;
}

// ---------------------------------------------------------------------------
// PRNG

type Rng = () => number;

function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick() from an empty list');
  return item;
}

function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

// ---------------------------------------------------------------------------
// Slot fillers

const SLOTS: Record<string, readonly string[]> = {
  topic: [
    'work',
    'the new job',
    'my sister',
    'the move',
    'the sleep problems',
    'money',
    'my partner',
    'the kids',
    'my mother',
    'the exams',
    'my health',
    'the divorce',
    'my manager',
    'the house',
    'my friends',
    'the holidays',
    'my father',
    'the commute',
    'the diagnosis',
    'the wedding',
  ],
  feeling: [
    'anxious',
    'tired',
    'frustrated',
    'overwhelmed',
    'sad',
    'lonely',
    'angry',
    'guilty',
    'stuck',
    'embarrassed',
    'nervous',
    'drained',
    'irritable',
    'numb',
    'hopeless',
    'on edge',
  ],
  goodFeeling: ['hopeful', 'relieved', 'calmer', 'proud', 'lighter', 'more like myself', 'rested'],
  person: [
    'my partner',
    'my brother',
    'my sister',
    'my boss',
    'a coworker',
    'my mum',
    'my dad',
    'my friend Sam',
    'my neighbour',
    'my son',
    'my daughter',
    'my flatmate',
    'my aunt',
    'my doctor',
  ],
  day: [
    'on Monday',
    'on Tuesday',
    'on Wednesday',
    'on Thursday',
    'on Friday',
    'on Saturday',
    'on Sunday',
    'last weekend',
    'the other night',
    'yesterday',
    'on Monday morning',
    'on Friday evening',
  ],
  activity: [
    'going for a walk',
    'cooking dinner',
    'calling a friend',
    'going to the gym',
    'reading before bed',
    'gardening',
    'playing guitar',
    'swimming',
    'seeing my cousins',
    'going to the market',
    'doing a puzzle',
    'riding my bike',
    'painting',
    'volunteering at the shelter',
  ],
  thought: [
    "I'm going to mess this up",
    'nobody really cares',
    "I can't cope with this",
    "it's all my fault",
    "I'll never get on top of it",
    "they think I'm useless",
    'something bad is going to happen',
    'I should be doing better by now',
    "I'm letting everyone down",
    "it's pointless trying",
  ],
  place: [
    'at work',
    'at home',
    'in the car',
    'at the supermarket',
    "at my parents' place",
    'on the train',
    'in the office kitchen',
    'at the school gate',
    'at the gym',
    'in bed',
  ],
  amount: ['a little', 'a lot', 'somewhat', 'hardly at all', 'more than I expected', 'less than usual'],
  number: ['two', 'three', 'four', 'five', 'six', 'seven'],
};

/** Slots whose values are worded from the client's side ("my sister") and flip to "your" for the therapist. */
const PERSONAL_SLOTS = new Set(['topic', 'person', 'place', 'activity']);

type Voice = 'therapist' | 'client';

function fill(rng: Rng, template: string, voice: Voice): string {
  const text = template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const options = SLOTS[key];
    if (!options) return whole;
    const value = pick(rng, options);
    return voice === 'therapist' && PERSONAL_SLOTS.has(key) ? value.replace(/\bmy\b/g, 'your') : value;
  });
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------
// Templates

const T_OPENING = [
  'Hi, good to see you again. How has the week been since we last met?',
  'Welcome back. Before we start, how are you doing today?',
  'Hello. How have things been since last time?',
  'Come on in. How are you arriving today, and what has the week been like?',
];

const C_CHECKIN = [
  "It's been a mixed week, honestly. Some good days, some bad ones.",
  'Pretty rough. {topic} has been on my mind a lot.',
  'A bit better than last time, I think. I slept {amount} better.',
  "Tired. I almost didn't come today, but I'm glad I did.",
];

const C_AGENDA = [
  "I'd like to talk about {topic}. Something happened {day}.",
  "Mostly {topic}. And maybe sleep, it's still not great.",
  "That's fine. I also want to mention what happened with {person}.",
  'I want to go over the homework. I did some of it.',
];

const T_AGENDA = [
  'What would you like us to focus on today, so we can set the agenda together?',
  'I was thinking we could review the homework, then look at {topic}. What would you add?',
  'Shall we make a short list of what we want to cover today?',
  'Is there anything you want to make sure we get to before the end of the session?',
];

const T_OPEN_Q = [
  'What was that like for you?',
  'How did you feel when {person} said that?',
  'What went through your mind {place}?',
  'Tell me more about what happened {day}.',
  'What do you make of that?',
  'How has {topic} been affecting your sleep?',
  'What would you like to be different about {topic}?',
  'What helped, even a little, this week?',
  'How do you usually cope when you feel {feeling}?',
  'What would it mean to you if things with {topic} improved?',
  'What do you think was going on for you in that moment?',
  'How did your body feel when the thought "{thought}" came up?',
  'What has been the hardest part of {topic} lately?',
  'What do you notice about the times when you feel less {feeling}?',
  'What makes {activity} feel worth doing?',
  'How would you know that things were getting better?',
  'What did you try, and how did it go?',
  'Where do you think that belief comes from?',
  'What would you say to a friend who was in the same situation?',
  'What would be a small first step with {topic}?',
  'How does {person} tend to respond when you bring that up?',
  'What else was happening around that time?',
];

const T_CLOSED_Q = [
  'Did you manage to do the homework?',
  'Was that {day}?',
  'Have you talked to {person} about it?',
  'Are you still sleeping badly?',
  'Did you go {activity} this week?',
  'Is that the same thing as last time?',
  'Was {person} there as well?',
  'On a scale from zero to ten, how {feeling} did you feel?',
  'Did that happen more than once?',
  'Are you taking the medication as prescribed?',
  'Is that something you would want to try?',
];

const T_SIMPLE_REFLECTION = [
  'You felt {feeling}.',
  'So it happened {place}.',
  '{topic} has been hard lately.',
  'It was a difficult week.',
  'You tried, and it did not go the way you hoped.',
  'That thought, "{thought}", keeps coming back.',
  'You have been feeling {feeling} most days.',
  'Things with {person} are tense right now.',
];

const T_COMPLEX_REFLECTION = [
  'It sounds like part of you wants to change things with {topic}, and part of you is worried about what that would cost.',
  'So on the surface it was about {topic}, but underneath it sounds like you felt unseen.',
  'You have been holding everything together for everyone else, and there is not much left over for you.',
  'It sounds like when you feel {feeling}, you pull back, and then being alone makes it heavier.',
  'Even though it did not go perfectly, you seem a bit surprised that you managed it at all.',
  'It is as if the thought "{thought}" arrives before you have had a chance to see what is really happening.',
  'You want {person} to understand, and at the same time you are tired of having to explain.',
  'It sounds like {activity} used to be something that gave you energy, and you miss that.',
  'Being {feeling} makes sense given how much has been changing around {topic}.',
  'Part of you knows you need a break, and part of you feels guilty for even wanting one.',
  'So the exhaustion seems to prove the worry right, even though the worry is part of what keeps you awake.',
  'You are describing something that has been building for a while, not just one bad week.',
];

const T_AFFIRMATION = [
  'That took real courage.',
  'You did that even though you were feeling {feeling}, which says a lot about you.',
  'I really appreciate how honest you are being with me today.',
  'You kept going with the homework in a hard week, and that matters.',
  'You have clearly put a lot of thought into this.',
  'That was a thoughtful way of handling it.',
  'You noticed the pattern yourself, which is a big step.',
  'It is impressive that you kept trying {activity} even when it felt hard.',
  'You have been showing up for this consistently, and I can see the effort.',
];

const T_ADVICE_PERMISSION = [
  'Would it be okay if I shared an idea that has helped some people with {topic}?',
  'I have a suggestion, but you know your situation best. Would you like to hear it?',
  'Could I offer something that might help with the early waking?',
  'Would it be alright if I explained a little about how worry and sleep feed each other?',
  'If you are open to it, we could try a short thought record on that moment.',
];

const T_ADVICE = [
  'One option might be to plan {activity} on two evenings this week and notice how your mood changes.',
  'Some people find it helps to write the thought down and rate how strongly they believe it.',
  'You could try keeping a fixed wake time, even on the weekend, and see what happens.',
  'It might help to tell {person} a bit about how you have been feeling.',
  'When mood drops, people tend to stop doing the things that used to give them energy, and that keeps the mood low.',
  'A small, specific plan usually works better than a big goal, so we could choose one thing for this week.',
  'You should try to get outside a bit more.',
  'You need to cut down on checking email in bed.',
];

const T_COLLAB = [
  'How might we work on that together?',
  'Shall we try it here in the session first?',
  "Let's look at it together and see what fits for you.",
  'What do you think, does that make sense for you?',
  'We can adjust it as we go if it does not feel right.',
];

const T_HOMEWORK = [
  'For this week, would you be willing to try {activity} twice and note your mood before and after?',
  'Could you do one thought record when you notice a big drop in mood this week?',
  'What would you like to practise between now and next time?',
  "Let's write down the plan for the week so it is clear: {activity}, and a note of your sleep times.",
];

const T_SUMMARY = [
  'Let me try to summarise what we covered today: {topic}, how it has left you feeling {feeling}, and a plan to try {activity}. Did I miss anything?',
  'So today we looked at {topic}, noticed the thought "{thought}", and came up with a more balanced way of seeing it. Does that capture it?',
];

const T_FEEDBACK = [
  'How was today for you? Is there anything we should do differently next time?',
  'Before we finish, what was most and least helpful about today?',
  'How did this session feel for you?',
];

const T_CLOSE = ['See you next week.', 'Same time next week, then. Take care.', 'Thank you, see you next time.'];

const C_NEUTRAL = [
  'It happened {place}, {day}.',
  '{person} was there too, and we ended up talking about {topic}.',
  'I went to bed around midnight and woke up at {number}.',
  'Most of the week was pretty ordinary, just work and home.',
  'I had a long conversation with {person} about {topic}.',
  'I had {number} days off, and I mostly stayed in.',
  'It was {amount} better than the week before.',
  'The thought was basically "{thought}".',
  'I felt {feeling} for most of the afternoon.',
  'We were {place} when it started.',
  'I did the log on {number} days out of seven.',
  'I think it started around the time of {topic}.',
  'Usually I just scroll on my phone until I fall asleep.',
  'I tried {activity} once, {day}.',
];

const C_CHANGE = [
  'I really want to get back to {activity}.',
  'I think I could talk to {person} this week.',
  "I'm going to try going to bed earlier, at least on weeknights.",
  "I know things can't keep going like this with {topic}.",
  'If I started {activity} again, I think I would feel less {feeling}.',
  'After {activity} I actually felt {goodFeeling}.',
  'For the first time in a while I felt {goodFeeling}.',
  'I did it, I actually said no to {person} and nothing bad happened.',
  "I'm ready to try the thought record again.",
  "I'd like to feel more like myself by the summer.",
  "I'm going to plan {activity} for the weekend.",
  'It would make a big difference if I stopped checking email at night.',
  'I want to be someone who can ask for help.',
  "I'm fairly confident I can do that, maybe a seven out of ten.",
];

const C_SUSTAIN = [
  "I don't really see the point of {activity} right now.",
  "I've tried that before and it didn't work.",
  "It's easier to just stay in.",
  "I don't have time for anything else with {topic} going on.",
  "I don't think talking to {person} would change anything.",
  "That's just how I am, I've always been like this.",
  "Honestly I'd rather not think about {topic}.",
  "I can't see myself doing that this week.",
  "Yeah, but it's not that simple.",
];

const C_EMOTION = [
  'I just felt really {feeling}, like I could not shake it.',
  'It made me feel {feeling} and kind of small.',
  "Honestly, I'm {feeling} most of the time now.",
  'I was so {feeling} I ended up crying in the car.',
  'Part of me felt {feeling}, and part of me felt {goodFeeling}.',
  'When I think about {topic}, I get this knot in my stomach.',
];

const C_SHORT = [
  'Yeah.',
  'I guess.',
  'Maybe.',
  "I don't know.",
  'Not really.',
  'Yes.',
  'Kind of.',
  'Sort of.',
  'Right.',
  'Exactly.',
  'Mm.',
  'No.',
  'Okay.',
  'That makes sense.',
];

const C_FEEDBACK = [
  'It was helpful. I feel a bit clearer about {topic}.',
  'Good, actually. It helped to say it out loud.',
  'It was hard, but I think it was useful.',
];

const C_ELABORATION = [
  'And then {person} called, which made it worse.',
  'I kept thinking "{thought}".',
  'It was {amount} like last month.',
  'I noticed it mostly happens {place}.',
  'By the evening I was completely drained.',
  'I tried not to show it, though.',
  'Then {day} it was a bit easier.',
  'I think I was {feeling} more than I realised.',
  'That has been the pattern for a while.',
  'I only noticed because I was writing it down.',
  'It happens more when {topic} is on my mind.',
  'I wanted to call {person}, but I did not.',
  'Sleep was bad again, maybe {number} hours.',
  'Anyway, that was most of the week.',
];

const T_ELABORATION = [
  'That sounds really hard.',
  'I can hear how much that matters to you.',
  'Take your time.',
  'That makes sense.',
  'We can come back to {topic} later if you like.',
  'I want to make sure I understand.',
  "Let's slow down for a moment.",
  'That is worth noticing.',
];

const FILLERS = ['Well,', 'I mean,', 'Honestly,', 'So,', 'You know,', 'Hmm,', 'Okay,', 'Um,', 'Like,', 'Actually,'];
const T_FILLERS = ['Okay.', 'Mm.', 'Right.', 'I see.', 'Mm-hm.'];

// ---------------------------------------------------------------------------
// Generation

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function middleTherapist(rng: Rng): string {
  const r = rng();
  let list: readonly string[];
  if (r < 0.26) list = T_OPEN_Q;
  else if (r < 0.36) list = T_CLOSED_Q;
  else if (r < 0.46) list = T_SIMPLE_REFLECTION;
  else if (r < 0.66) list = T_COMPLEX_REFLECTION;
  else if (r < 0.76) list = T_AFFIRMATION;
  else if (r < 0.82) list = T_ADVICE_PERMISSION;
  else if (r < 0.9) list = T_ADVICE;
  else list = T_COLLAB;
  return fill(rng, pick(rng, list), 'therapist');
}

function middleClient(rng: Rng): string {
  const r = rng();
  let list: readonly string[];
  if (r < 0.36) list = C_NEUTRAL;
  else if (r < 0.58) list = C_CHANGE;
  else if (r < 0.72) list = C_SUSTAIN;
  else list = C_EMOTION;
  return fill(rng, pick(rng, list), 'client');
}

/** Opening moves by turn index (therapist, client, therapist, client). */
const OPENING: readonly (readonly [Speaker, readonly string[]])[] = [
  ['Therapist', T_OPENING],
  ['Client', C_CHECKIN],
  ['Therapist', T_AGENDA],
  ['Client', C_AGENDA],
];

/** Closing moves, in order; the session ends on the therapist's goodbye. */
const CLOSING: readonly (readonly [Speaker, readonly string[]])[] = [
  ['Therapist', T_HOMEWORK],
  ['Client', C_CHANGE],
  ['Therapist', T_SUMMARY],
  ['Client', ['Yes, that covers it.', "That's it, I think.", 'Yeah, that sounds right.']],
  ['Therapist', T_FEEDBACK],
  ['Client', C_FEEDBACK],
  ['Therapist', T_CLOSE],
];

function buildTurns(options: SyntheticSessionOptions = {}): SyntheticTurn[] {
  const minutes = options.minutes ?? 60;
  if (!Number.isFinite(minutes) || minutes <= 0) throw new RangeError(`minutes must be > 0, got ${minutes}`);
  const rng = mulberry32(options.seed ?? 1);

  const totalTurns = Math.max(OPENING.length + CLOSING.length, Math.round(minutes * TURNS_PER_MINUTE));
  const totalWords = Math.round(minutes * WORDS_PER_MINUTE);
  const closingStart = totalTurns - CLOSING.length;

  const turns: SyntheticTurn[] = [];
  let wordsSoFar = 0;
  let speaker: Speaker = 'Therapist';

  for (let i = 0; i < totalTurns; i++) {
    const scripted = i < OPENING.length ? OPENING[i] : i >= closingStart ? CLOSING[i - closingStart] : undefined;
    const remainingTurns = totalTurns - i;
    const budget = (totalWords - wordsSoFar) / remainingTurns;

    let text: string;
    if (scripted) {
      speaker = scripted[0];
      text = fill(rng, pick(rng, scripted[1]), speaker === 'Therapist' ? 'therapist' : 'client');
    } else {
      // Mostly alternate; now and then the same speaker carries on.
      if (!chance(rng, 0.06)) speaker = speaker === 'Therapist' ? 'Client' : 'Therapist';
      if (speaker === 'Therapist') {
        text = middleTherapist(rng);
        if (chance(rng, 0.12)) text = `${pick(rng, T_FILLERS)} ${text}`;
        const target = budget * (0.5 + rng() * 0.9);
        for (let guard = 0; words(text) < target && guard < 4; guard++) {
          const extra = chance(rng, 0.5) ? T_ELABORATION : chance(rng, 0.5) ? T_OPEN_Q : T_COMPLEX_REFLECTION;
          const sentence = fill(rng, pick(rng, extra), 'therapist');
          if (text.includes(sentence)) continue;
          const longer = `${sentence} ${text}`;
          if (Math.abs(words(longer) - target) >= Math.abs(words(text) - target)) break;
          text = longer;
        }
      } else if (chance(rng, 0.1) && budget < 30) {
        text = pick(rng, C_SHORT);
      } else {
        text = middleClient(rng);
        if (chance(rng, 0.3) && !/^I\b/.test(text)) {
          text = `${pick(rng, FILLERS)} ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
        }
        const target = budget * (0.6 + rng() * 1.0);
        for (let guard = 0; words(text) < target && guard < 6; guard++) {
          const extra = chance(rng, 0.6) ? C_ELABORATION : chance(rng, 0.5) ? C_NEUTRAL : C_EMOTION;
          const sentence = fill(rng, pick(rng, extra), 'client');
          if (text.includes(sentence)) continue;
          const longer = `${text} ${sentence}`;
          if (Math.abs(words(longer) - target) >= Math.abs(words(text) - target)) break;
          text = longer;
        }
      }
    }

    turns.push({ speaker, text });
    wordsSoFar += words(text);
  }
  return turns;
}

/** A plain-text session: one `Therapist: ...` / `Client: ...` utterance per line, no trailing newline. */
export function syntheticSession(options: SyntheticSessionOptions = {}): string {
  return buildTurns(options)
    .map((t) => `${t.speaker}: ${t.text}`)
    .join('\n');
}

/** The same turns as `syntheticSession(options)`, as structured data. */
export function syntheticTurns(options: SyntheticSessionOptions = {}): SyntheticTurn[] {
  return buildTurns(options);
}

function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(rest, 3)}`;
}

/**
 * The same session as `syntheticSession(options)`, as WebVTT with `<v Therapist>` / `<v Client>`
 * voice tags. Each cue lasts as long as its words take at ~150 words per minute; consecutive
 * cues are separated by a short pause taken out of the cue, so the session ends at ~`minutes`.
 */
export function syntheticTimedVtt(options: SyntheticSessionOptions = {}): string {
  const turns = buildTurns(options);
  const secondsPerWord = 60 / WORDS_PER_MINUTE;
  const lines: string[] = ['WEBVTT', ''];
  let start = 0;
  turns.forEach((turn, i) => {
    const span = Math.max(0.6, words(turn.text) * secondsPerWord);
    const gap = Math.min(0.3, span * 0.1);
    const end = start + span - gap;
    lines.push(String(i + 1), `${vttTime(start)} --> ${vttTime(end)}`, `<v ${turn.speaker}>${turn.text}`, '');
    start += span;
  });
  return lines.join('\n');
}
