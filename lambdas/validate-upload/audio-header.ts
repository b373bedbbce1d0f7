/**
 * Reads the channel count from the first bytes of a WAV or FLAC recording, so a stereo recording with one
 * speaker per channel is transcribed with channel identification instead of voice-based speaker labels.
 */

export type HeaderReading =
  | { kind: 'channels'; channels: number }
  /** The header goes on past the bytes given (a long chunk before `fmt `, an ID3 tag): read this many. */
  | { kind: 'need-more'; bytes: number }
  | { kind: 'corrupt' };

const ascii = (bytes: Uint8Array, at: number, length: number) => String.fromCharCode(...bytes.subarray(at, at + length));
const u16 = (bytes: Uint8Array, at: number) => bytes[at]! | (bytes[at + 1]! << 8);
const u32 = (bytes: Uint8Array, at: number) => (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;

function need(bytes: number, have: Uint8Array): HeaderReading {
  return bytes > have.length ? { kind: 'need-more', bytes } : { kind: 'corrupt' };
}

/**
 * RIFF/WAVE: `RIFF` size `WAVE`, then chunks (`id`, little-endian size, data padded to even). The channel
 * count is the second field of the `fmt ` chunk. Broadcast WAV (field recorders) puts a ~600-byte `bext`
 * chunk first, and some tools a `JUNK` or `LIST` chunk, so the chunks are walked rather than assumed.
 */
function readWav(bytes: Uint8Array): HeaderReading {
  if (bytes.length < 12) return need(12, bytes);
  const riff = ascii(bytes, 0, 4);
  if ((riff !== 'RIFF' && riff !== 'RF64') || ascii(bytes, 8, 4) !== 'WAVE') return { kind: 'corrupt' };
  let at = 12;
  for (;;) {
    if (at + 8 > bytes.length) return need(at + 8 + 16, bytes);
    const id = ascii(bytes, at, 4);
    const size = u32(bytes, at + 4);
    if (id === 'fmt ') {
      if (size < 16) return { kind: 'corrupt' };
      if (at + 12 > bytes.length) return need(at + 12, bytes);
      const channels = u16(bytes, at + 10);
      return channels === 0 ? { kind: 'corrupt' } : { kind: 'channels', channels };
    }
    // Audio before its format description is not a WAV file any player would read.
    if (id === 'data' || !/^[\x20-\x7e]{4}$/.test(id)) return { kind: 'corrupt' };
    at += 8 + size + (size % 2);
  }
}

/**
 * FLAC: optional ID3v2 tag, `fLaC`, then the STREAMINFO block (always first, 34 bytes); its channel
 * count minus one sits in 3 bits after the 20-bit sample rate.
 */
function readFlac(bytes: Uint8Array): HeaderReading {
  let at = 0;
  if (bytes.length >= 3 && ascii(bytes, 0, 3) === 'ID3') {
    if (bytes.length < 10) return need(10, bytes);
    // A synchsafe integer: 7 bits per byte.
    const size = ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f);
    const footer = bytes[5]! & 0x10 ? 10 : 0;
    at = 10 + size + footer;
  }
  if (at + 4 + 4 + 13 > bytes.length) return need(at + 4 + 4 + 13, bytes);
  if (ascii(bytes, at, 4) !== 'fLaC') return { kind: 'corrupt' };
  const blockType = bytes[at + 4]! & 0x7f;
  const blockLength = (bytes[at + 5]! << 16) | (bytes[at + 6]! << 8) | bytes[at + 7]!;
  if (blockType !== 0 || blockLength !== 34) return { kind: 'corrupt' };
  const channels = ((bytes[at + 8 + 12]! >> 1) & 0x07) + 1;
  return { kind: 'channels', channels };
}

/** The channel count of a WAV or FLAC recording from its first bytes, or what more is needed to tell. */
export function readAudioHeader(extension: 'wav' | 'flac', bytes: Uint8Array): HeaderReading {
  return extension === 'wav' ? readWav(bytes) : readFlac(bytes);
}
