#!/usr/bin/env bash
# Renders the sample sessions (`Therapist:` / `Client:` lines) to speech with espeak-ng and sox, so the
# audio path can be tried and measured without a real recording. Stereo (the default) puts the therapist
# on the left channel and the client on the right, one voice each, with silence on the other channel
# while one speaks: what a two-microphone recording gives channel identification. Mono puts both voices
# on one channel. Synthetic speech is hard for pocketsphinx (expect most words wrong): use it to measure
# speed and to exercise the pipeline, not accuracy.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$root/samples/audio"
mode=stereo
limit=""
therapist_voice="en-us+m3"
client_voice="en-us+f3"
words_per_minute=160
pause=0.4

usage() {
  cat <<'EOF'
Usage: scripts/render-samples.sh [options] [session.txt ...]

Renders each session (default: samples/sessions/jordan/*.txt) to <out>/<name>.flac (stereo)
or <out>/<name>.wav (mono, 16 kHz 16-bit).

  -o, --out DIR          output directory (default: samples/audio, which git ignores)
  -d, --duration SEC     stop each recording after SEC seconds
      --mono             one channel, both voices (16 kHz 16-bit WAV)
      --stereo           therapist left, client right (FLAC; the default)
      --therapist-voice  espeak-ng voice for the therapist (default en-us+m3)
      --client-voice     espeak-ng voice for the client (default en-us+f3)
      --pause SEC        silence after each line (default 0.4)
  -h, --help             this text
EOF
}

sessions=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -o|--out) out=$2; shift 2 ;;
    -d|--duration) limit=$2; shift 2 ;;
    --mono) mode=mono; shift ;;
    --stereo) mode=stereo; shift ;;
    --therapist-voice) therapist_voice=$2; shift 2 ;;
    --client-voice) client_voice=$2; shift 2 ;;
    --pause) pause=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "render-samples: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) sessions+=("$1"); shift ;;
  esac
done
if [[ ${#sessions[@]} -eq 0 ]]; then sessions=("$root"/samples/sessions/jordan/*.txt); fi
if [[ -n $limit && ! $limit =~ ^[0-9]+([.][0-9]+)?$ ]]; then
  echo "render-samples: --duration takes seconds, e.g. 240" >&2
  exit 2
fi
for tool in espeak-ng sox soxi; do
  if ! command -v "$tool" >/dev/null; then
    echo "render-samples: $tool is not installed: apt-get install espeak-ng sox" >&2
    exit 1
  fi
done

mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for session in "${sessions[@]}"; do
  name=$(basename "$session" .txt)
  parts=()
  seconds=0
  line_number=0
  while IFS= read -r line || [[ -n $line ]]; do
    case "$line" in
      Therapist:*) voice=$therapist_voice; channels="1 0"; text=${line#Therapist:} ;;
      Client:*) voice=$client_voice; channels="0 1"; text=${line#Client:} ;;
      *) continue ;;
    esac
    line_number=$((line_number + 1))
    # Through a file, not an argument: a line may start with "-".
    printf '%s\n' "$text" >"$work/line.txt"
    espeak-ng -v "$voice" -s "$words_per_minute" -w "$work/speech.wav" -f "$work/line.txt"
    part="$work/$(printf '%05d' "$line_number").wav"
    if [[ $mode == stereo ]]; then
      # remix: the speaker's channel carries the voice, the other ("0") is silent.
      sox "$work/speech.wav" -r 16000 -b 16 "$part" remix $channels pad 0 "$pause"
    else
      sox "$work/speech.wav" -r 16000 -b 16 -c 1 "$part" pad 0 "$pause"
    fi
    parts+=("$part")
    if [[ -n $limit ]]; then
      seconds=$(awk -v a="$seconds" -v b="$(soxi -D "$part")" 'BEGIN { print a + b }')
      if awk -v a="$seconds" -v b="$limit" 'BEGIN { exit !(a >= b) }'; then break; fi
    fi
  done <"$session"
  if [[ ${#parts[@]} -eq 0 ]]; then
    echo "render-samples: $session has no Therapist:/Client: lines, skipped" >&2
    continue
  fi
  if [[ $mode == stereo ]]; then target="$out/$name.flac"; else target="$out/$name.wav"; fi
  if [[ -n $limit ]]; then
    sox "${parts[@]}" "$target" trim 0 "$limit"
  else
    sox "${parts[@]}" "$target"
  fi
  rm -f "${parts[@]}"
  echo "$target $(soxi -c "$target")ch $(soxi -d "$target")"
done
