/**
 * Test helper: a dialogue rendered in each input format the parser accepts (plain text, WebVTT, SRT,
 * Amazon Transcribe JSON), for the round-trip properties here and the note's totality property.
 */

/** One line of a dialogue. */
export interface Line {
  speaker: string;
  /** Tokens: a word plus optional trailing punctuation. */
  tokens: string[];
}

export const textOf = (line: Line): string => line.tokens.join(' ');

export function clock(seconds: number, separator: '.' | ','): string {
  const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
  const mm = String(Math.floor(seconds / 60) % 60).padStart(2, '0');
  const ss = String(Math.floor(seconds) % 60).padStart(2, '0');
  const ms = String(Math.round((seconds % 1) * 1000)).padStart(3, '0');
  return `${hh}:${mm}:${ss}${separator}${ms}`;
}

/** Cue i runs from 3i to 3i+2 s: one second apart, so no two cues are merged. */
export function renderVtt(lines: readonly Line[], style: 'zoom' | 'teams'): string {
  const cues = lines.map((line, i) => {
    const payload = style === 'zoom' ? `${line.speaker}: ${textOf(line)}` : `<v ${line.speaker}>${textOf(line)}</v>`;
    return `${i + 1}\n${clock(3 * i, '.')} --> ${clock(3 * i + 2, '.')}\n${payload}`;
  });
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

export function renderSrt(lines: readonly Line[], bracketed: boolean): string {
  return lines
    .map((line, i) => {
      const payload = bracketed ? `[${line.speaker}] ${textOf(line)}` : `${line.speaker}: ${textOf(line)}`;
      return `${i + 1}\n${clock(3 * i, ',')} --> ${clock(3 * i + 2, ',')}\n${payload}`;
    })
    .join('\n\n');
}

export type Variant = 'item-speakers' | 'speaker-segments' | 'channels';

/** Transcribe output for the dialogue: one item per word, punctuation as its own item. */
export function renderTranscribe(lines: readonly Line[], variant: Variant): string {
  const items: Record<string, unknown>[] = [];
  const segmentItems: Record<string, unknown>[] = [];
  const channels = new Map<string, Record<string, unknown>[]>();
  let time = 0;
  for (const line of lines) {
    for (const tok of line.tokens) {
      const [, content = '', punct = ''] = /^(.*?)([.,?!]?)$/.exec(tok) ?? [];
      const times = { start_time: time.toFixed(2), end_time: (time + 0.25).toFixed(2) };
      const wordItem: Record<string, unknown> = { ...times, alternatives: [{ confidence: '0.9', content }], type: 'pronunciation' };
      if (variant === 'item-speakers') wordItem.speaker_label = line.speaker;
      const group = [wordItem];
      if (punct) group.push({ alternatives: [{ confidence: '0.0', content: punct }], type: 'punctuation' });
      items.push(...group);
      segmentItems.push({ ...times, speaker_label: line.speaker });
      channels.set(line.speaker, [...(channels.get(line.speaker) ?? []), ...group]);
      time += 0.5;
    }
    time += 1;
  }
  const channelList = [...channels].map(([label, channelItems]) => ({ channel_label: label, items: channelItems }));
  const results: Record<string, unknown> =
    variant === 'channels' ? { channel_labels: { number_of_channels: channels.size, channels: channelList } } : { items };
  if (variant === 'speaker-segments') {
    const segment = { start_time: '0', end_time: String(time), speaker_label: 'x', items: segmentItems };
    results.speaker_labels = { speakers: 2, segments: [segment] };
  }
  return JSON.stringify({ jobName: 'round-trip', results: { transcripts: [], ...results } });
}

/** Plain text: one `Speaker: text` line per line of the dialogue. */
export function renderText(lines: readonly Line[]): string {
  return `${lines.map((line) => `${line.speaker}: ${textOf(line)}`).join('\n')}\n`;
}
