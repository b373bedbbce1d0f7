/**
 * Recognised utterances → the JSON Amazon Transcribe writes, so NormalizeTranscript reads a local job's
 * output exactly as it reads Transcribe's: `results.items` (times and confidences as strings), with
 * `channel_labels` for a two-channel job and `speaker_labels` for a one-channel job.
 */
import type { RecognizedWord, Utterance } from './recognition.js';
import { isQuestion, soundsLikeTherapist } from './utterance-cues.js';

export const MONO_SPEAKERS_WARNING =
  'mono recording: speakers were assigned per utterance by role inference (questions, reflections and "you" ' +
  'versus "I"), not by voice; check the roles, or record the therapist and the client on separate channels';

interface OutputItem {
  id: number;
  type: 'pronunciation' | 'punctuation';
  alternatives: [{ confidence: string; content: string }];
  start_time?: string;
  end_time?: string;
  speaker_label?: string;
  channel_label?: string;
}

export interface TranscribeOutput {
  jobName: string;
  accountId: string;
  status: 'COMPLETED';
  results: {
    transcripts: [{ transcript: string }];
    items: OutputItem[];
    channel_labels?: { channels: { channel_label: string; items: OutputItem[] }[]; number_of_channels: number };
    speaker_labels?: { speakers: number; segments: SpeakerSegment[] };
  };
  /** Read by Attune's parser into Transcript.warnings; Amazon Transcribe never writes it. */
  attune_warnings?: string[];
  /**
   * Who the local set-up says is on which channel. For the reader only: NormalizeTranscript assigns roles
   * from its own THERAPIST_CHANNEL, so one setting cannot be overridden by a file.
   */
  attune_channel_roles?: Record<string, 'therapist' | 'client'>;
}

interface SpeakerSegment {
  start_time: string;
  end_time: string;
  speaker_label: string;
  items: { start_time: string; end_time: string; speaker_label: string }[];
}

/** Transcribe's account id field; a local job belongs to no account. */
const LOCAL_ACCOUNT = '000000000000';

const seconds = (value: number): string => value.toFixed(3);

/** An item before ids are given, with the time it sorts by (punctuation sorts with its word). */
interface Placed {
  at: number;
  item: Omit<OutputItem, 'id'>;
}

function wordItem(word: RecognizedWord, label: Pick<OutputItem, 'speaker_label' | 'channel_label'>): Omit<OutputItem, 'id'> {
  return {
    type: 'pronunciation',
    alternatives: [{ confidence: word.confidence.toFixed(4), content: word.word }],
    start_time: seconds(word.start),
    end_time: seconds(word.end),
    ...label,
  };
}

/**
 * pocketsphinx writes no punctuation; an utterance ends where the speaker paused, so it ends a sentence,
 * a question when it opens like one. Downstream sentence splitting and question counts depend on it.
 */
function utteranceItems(utterance: Utterance, label: Pick<OutputItem, 'speaker_label' | 'channel_label'>): Placed[] {
  const placed: Placed[] = utterance.words.map((word) => ({ at: word.start, item: wordItem(word, label) }));
  const last = utterance.words[utterance.words.length - 1];
  if (last) {
    const mark = isQuestion(utterance.words.map((word) => word.word)) ? '?' : '.';
    placed.push({ at: last.start, item: { type: 'punctuation', alternatives: [{ confidence: '0.0', content: mark }], ...label } });
  }
  return placed;
}

function numbered(placed: readonly Placed[]): OutputItem[] {
  return placed.map((entry, id) => ({ id, ...entry.item }));
}

function transcriptText(items: readonly OutputItem[]): string {
  let text = '';
  for (const item of items) {
    const content = item.alternatives[0].content;
    text += item.type === 'punctuation' || text === '' ? content : ` ${content}`;
  }
  return text;
}

/**
 * A two-channel job: each channel's utterances under its label (`ch_0` left, `ch_1` right) and all
 * items merged by time, as Transcribe's channel identification writes them.
 */
export function channelIdentificationOutput(
  jobName: string,
  channels: readonly Utterance[][],
  channelRoles?: Record<string, 'therapist' | 'client'>,
): TranscribeOutput {
  const tagged = channels.flatMap((utterances, channel) =>
    utterances.flatMap((utterance) => utteranceItems(utterance, { channel_label: `ch_${channel}` })).map((entry, order) => ({ ...entry, channel, order })),
  );
  // By time; at the same instant, channel then spoken order, so punctuation stays after its word.
  tagged.sort((a, b) => a.at - b.at || a.channel - b.channel || a.order - b.order);
  const items = numbered(tagged);
  return {
    jobName,
    accountId: LOCAL_ACCOUNT,
    status: 'COMPLETED',
    results: {
      transcripts: [{ transcript: transcriptText(items) }],
      items,
      channel_labels: {
        channels: channels.map((_, channel) => ({ channel_label: `ch_${channel}`, items: items.filter((item) => item.channel_label === `ch_${channel}`) })),
        number_of_channels: channels.length,
      },
    },
    ...(channelRoles ? { attune_channel_roles: channelRoles } : {}),
  };
}

/**
 * A one-channel job: pocketsphinx cannot tell voices apart, so each utterance goes to `spk_0` when it
 * sounds like the therapist and to `spk_1` otherwise, and the output says so in `attune_warnings`.
 */
export function speakerLabelsOutput(jobName: string, utterances: readonly Utterance[]): TranscribeOutput {
  const speakerOf = (utterance: Utterance): string => (soundsLikeTherapist(utterance.words.map((word) => word.word)) ? 'spk_0' : 'spk_1');
  const speakers = utterances.map(speakerOf);
  const items = numbered(utterances.flatMap((utterance, index) => utteranceItems(utterance, { speaker_label: speakers[index] ?? 'spk_1' })));
  const segments = utterances.map((utterance, index): SpeakerSegment => {
    const speaker = speakers[index] ?? 'spk_1';
    return {
      start_time: seconds(utterance.start),
      end_time: seconds(utterance.end),
      speaker_label: speaker,
      items: utterance.words.map((word) => ({ start_time: seconds(word.start), end_time: seconds(word.end), speaker_label: speaker })),
    };
  });
  return {
    jobName,
    accountId: LOCAL_ACCOUNT,
    status: 'COMPLETED',
    results: {
      transcripts: [{ transcript: transcriptText(items) }],
      items,
      speaker_labels: { speakers: new Set(speakers).size, segments },
    },
    attune_warnings: [MONO_SPEAKERS_WARNING],
  };
}
