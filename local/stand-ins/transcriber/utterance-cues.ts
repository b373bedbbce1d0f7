/**
 * What an utterance's words say about it when there is no punctuation and no voice separation: is it a
 * question, and does it sound like the therapist? Therapists ask, reflect and address the client
 * ("you", "so it sounds like"); clients mostly tell their own story ("I", "my"). These are the cues
 * MITI coders use for questions and reflections, reduced to what survives speech recognition. They are
 * per utterance and wrong often enough that the transcript says so.
 */

const QUESTION_OPENERS = new Set(['what', 'how', 'why', 'when', 'where', 'who', 'which', 'whose']);
const AUXILIARIES = new Set(['do', 'does', 'did', 'is', 'are', 'was', 'were', 'can', 'could', 'would', 'will', 'have', 'has', 'should', 'shall', 'may']);
const SUBJECTS = new Set(['you', 'we', 'it', 'that', 'this', 'there', 'i', 'he', 'she', 'they', 'anything', 'anyone']);
const SECOND_PERSON = new Set(['you', 'your', "you're", 'yours', 'yourself', "you've", "you'd", "you'll"]);
const FIRST_PERSON = new Set(['i', "i'm", 'me', 'my', 'mine', 'myself', "i've", "i'd", "i'll"]);
const REFLECTION_OPENERS = [
  ['it', 'sounds', 'like'],
  ['sounds', 'like'],
  ['so', 'you'],
  ['it', 'seems'],
  ['what', "i'm", 'hearing'],
  ['you', 'feel'],
];

/** An utterance that opens with a question word, or with an auxiliary verb before its subject ("do you", "is it"). */
export function isQuestion(words: readonly string[]): boolean {
  const [first = '', second = ''] = words;
  return QUESTION_OPENERS.has(first) || (AUXILIARIES.has(first) && SUBJECTS.has(second));
}

function opensWith(words: readonly string[], phrase: readonly string[]): boolean {
  return phrase.every((word, index) => words[index] === word);
}

/** Questions, reflections and second person against first person; a tie goes to the client, who talks more. */
export function soundsLikeTherapist(words: readonly string[]): boolean {
  let therapistCues = 0;
  let clientCues = 0;
  if (isQuestion(words)) therapistCues += 2;
  if (REFLECTION_OPENERS.some((phrase) => opensWith(words, phrase))) therapistCues += 2;
  for (const word of words) {
    if (SECOND_PERSON.has(word)) therapistCues++;
    else if (FIRST_PERSON.has(word)) clientCues++;
  }
  return therapistCues > clientCues;
}
