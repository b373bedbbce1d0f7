/** Real WAV and FLAC headers, byte for byte, as recorders write them. */

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

function u16(value: number): number[] {
  return [value & 0xff, (value >> 8) & 0xff];
}

function u32(value: number): number[] {
  return [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >>> 24) & 0xff];
}

export interface WavOptions {
  channels: number;
  sampleRate?: number;
  /** A chunk written before `fmt ` (Broadcast WAV's `bext`, or `JUNK`), of this many data bytes. */
  leadingChunk?: { id: string; bytes: number };
  /** Sample frames of silence after the header. */
  frames?: number;
}

/** A PCM WAV file: RIFF header, optional leading chunk, `fmt ` (16 bytes), `data`. */
export function wav(options: WavOptions): Uint8Array {
  const { channels, sampleRate = 16_000, leadingChunk, frames = 32 } = options;
  const bitsPerSample = 16;
  const blockAlign = channels * (bitsPerSample / 8);
  const dataBytes = frames * blockAlign;
  const leading = leadingChunk ? [...ascii(leadingChunk.id), ...u32(leadingChunk.bytes), ...new Array<number>(leadingChunk.bytes).fill(0)] : [];
  const fmt = [
    ...ascii('fmt '),
    ...u32(16),
    ...u16(1),
    ...u16(channels),
    ...u32(sampleRate),
    ...u32(sampleRate * blockAlign),
    ...u16(blockAlign),
    ...u16(bitsPerSample),
  ];
  const data = [...ascii('data'), ...u32(dataBytes), ...new Array<number>(dataBytes).fill(0)];
  const riffSize = 4 + leading.length + fmt.length + data.length;
  return Uint8Array.from([...ascii('RIFF'), ...u32(riffSize), ...ascii('WAVE'), ...leading, ...fmt, ...data]);
}

/** A FLAC stream start: optional ID3v2 tag, `fLaC`, a last-block STREAMINFO (34 bytes), one frame's worth of zeros. */
export function flac(options: { channels: number; id3TagBytes?: number }): Uint8Array {
  const { channels, id3TagBytes } = options;
  const sampleRate = 16_000;
  const bitsPerSample = 16;
  const streamInfo = [
    ...u16(4096).reverse(), // min block size (big-endian)
    ...u16(4096).reverse(), // max block size
    0,
    0,
    0, // min frame size (unknown)
    0,
    0,
    0, // max frame size (unknown)
    (sampleRate >> 12) & 0xff,
    (sampleRate >> 4) & 0xff,
    ((sampleRate & 0x0f) << 4) | ((channels - 1) << 1) | (((bitsPerSample - 1) >> 4) & 0x01),
    ((bitsPerSample - 1) & 0x0f) << 4,
    0,
    0,
    0,
    0, // total samples (low 32 bits)
    ...new Array<number>(16).fill(0), // MD5 of the audio
  ];
  const id3 =
    id3TagBytes === undefined
      ? []
      : [
          ...ascii('ID3'),
          4,
          0,
          0,
          (id3TagBytes >> 21) & 0x7f,
          (id3TagBytes >> 14) & 0x7f,
          (id3TagBytes >> 7) & 0x7f,
          id3TagBytes & 0x7f,
          ...new Array<number>(id3TagBytes).fill(0),
        ];
  return Uint8Array.from([...id3, ...ascii('fLaC'), 0x80, 0, 0, 34, ...streamInfo, ...new Array<number>(64).fill(0)]);
}
