/**
 * The session's transcript, virtualised: only the turns that meet the viewport (and a few either side) are in
 * the DOM, so a 600-turn or 10,000-turn session scrolls as smoothly as a short one. Turns arrive a page at a time
 * (`?include=transcript&turnsFrom&turnsLimit`, following `page.next`) as the reader scrolls towards them. A
 * citation elsewhere on the page asks for a jump: the transcript loads the page that holds the cited turns,
 * scrolls there, highlights them and moves focus to the first, so a keyboard or screen-reader user lands on it.
 */
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { type CSSProperties, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Role as Speaker, TranscriptPage, Turn } from '../../../../schemas/transcript.js';
import { citedTurns, formatTurnTime, turnIndexOf } from './citations.js';
import { firstMissing, type SparseTurns, TURNS_PER_PAGE, transcriptPagePath, withPage } from './transcript-pages.js';
import { estimateTurnHeight, RowHeights } from './virtual.js';

/** A request to show turns: `seq` changes on every request, so the same citation followed twice jumps twice. */
export interface TranscriptJump {
  turnIds: readonly string[];
  seq: number;
  /** Highlight the turns as cited (a citation), or only move to them (Go to turn). */
  highlight: boolean;
}

export interface TranscriptProps {
  sessionId: string;
  /** The first page, when the session was read with ?include=transcript. */
  firstPage?: TranscriptPage;
  /** GETs a page by its path and answers the session's `transcript`. */
  fetchPage(path: string): Promise<TranscriptPage>;
  jump?: TranscriptJump | null;
  /** The viewport's height in pixels. */
  height?: number;
}

const OVERSCAN = 6;
/** Room left above a jumped-to turn, so the turn before it shows the context. */
const JUMP_MARGIN = 48;
const FALLBACK_VIEWPORT = 600;
const UNLOADED_HEIGHT = 64;

const ROLE_LABEL: Record<Speaker, string> = { therapist: 'Therapist', client: 'Client', unknown: 'Speaker' };

export function speakerLabel(turn: Pick<Turn, 'role' | 'speaker'>): string {
  return turn.role === 'unknown' ? `Speaker ${turn.speaker}` : ROLE_LABEL[turn.role];
}

export function Transcript({ sessionId, firstPage, fetchPage, jump, height = 560 }: TranscriptProps) {
  const [turns, setTurns] = useState<SparseTurns>(() => (firstPage ? withPage([], firstPage) : []));
  const [total, setTotal] = useState<number | null>(firstPage ? firstPage.page.totalTurns : null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(height);
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(new Set());
  const [focused, setFocused] = useState<number | null>(null);
  const [, setMeasureVersion] = useState(0);
  const [goTo, setGoTo] = useState('');
  const [goToError, setGoToError] = useState<string | null>(null);

  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const pending = useRef(new Set<number>());
  const nextPath = useRef<{ from: number; path: string } | null>(null);
  const pendingJump = useRef<number | null>(null);

  const heights = useMemo(() => (total === null ? null : new RowHeights(total, () => UNLOADED_HEIGHT)), [total]);

  // Better estimates for the turns that have arrived, until each is measured.
  useEffect(() => {
    if (!heights) return;
    let changed = 0;
    turns.forEach((turn, i) => {
      if (turn) changed += heights.estimate(i, estimateTurnHeight(turn.text.length));
    });
    if (changed !== 0) setMeasureVersion((v) => v + 1);
  }, [turns, heights]);

  const addPage = useCallback((page: TranscriptPage) => {
    setTotal(page.page.totalTurns);
    setTurns((current) => withPage(current, page));
    const end = page.page.turnsFrom + page.page.turns;
    nextPath.current = page.page.next ? { from: end, path: page.page.next } : null;
  }, []);

  const load = useCallback(
    (turnsFrom: number) => {
      if (pending.current.has(turnsFrom)) return;
      pending.current.add(turnsFrom);
      const path = nextPath.current?.from === turnsFrom ? nextPath.current.path : transcriptPagePath(sessionId, turnsFrom, TURNS_PER_PAGE);
      fetchPage(path)
        .then((page) => {
          setLoadError(null);
          addPage(page);
        })
        .catch((error: unknown) => setLoadError(error instanceof Error ? error.message : 'The transcript could not be loaded.'))
        .finally(() => pending.current.delete(turnsFrom));
    },
    [sessionId, fetchPage, addPage],
  );

  // The first page, when the session came without it.
  useEffect(() => {
    if (total === null && !loadError) load(0);
  }, [total, loadError, load]);

  const view = viewport > 0 ? viewport : FALLBACK_VIEWPORT;
  const range = heights ? heights.visibleRange(scrollTop, view, OVERSCAN) : { start: 0, end: 0 };

  // Fetch what the rendered rows (or a jump's target) still need.
  useEffect(() => {
    if (!heights || loadError) return;
    const target = pendingJump.current;
    if (target !== null && turns[target] === undefined) {
      load(Math.max(0, target - 20));
      return;
    }
    const missing = firstMissing(turns, range.start, range.end, pending.current, TURNS_PER_PAGE);
    if (missing !== null) load(missing);
  }, [heights, turns, range.start, range.end, load, loadError]);

  // The viewport's height follows the element (it may be styled smaller than `height` on a phone).
  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const update = () => setViewport(element.clientHeight);
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Measure the rendered rows; keep the row at the top in place when rows above it change height.
  useLayoutEffect(() => {
    const list = listRef.current;
    const scroller = scrollRef.current;
    if (!heights || !list || !scroller) return;
    const anchor = heights.indexAt(scroller.scrollTop);
    let changed = false;
    let above = 0;
    for (const child of Array.from(list.children)) {
      const index = Number((child as HTMLElement).dataset.index);
      if (!Number.isInteger(index)) continue;
      const delta = heights.set(index, (child as HTMLElement).offsetHeight);
      if (delta !== 0) {
        changed = true;
        if (index < anchor) above += delta;
      }
    }
    if (above !== 0 && pendingJump.current === null) scroller.scrollTop += above;
    const target = pendingJump.current;
    if (target !== null && turns[target] !== undefined) {
      const wanted = heights.scrollTopFor(target, JUMP_MARGIN);
      const row = list.querySelector<HTMLElement>(`[data-index="${target}"]`);
      if (row && !changed) {
        pendingJump.current = null;
        row.focus();
        setFocused(target);
      } else if (Math.abs(scroller.scrollTop - wanted) > 1) {
        scroller.scrollTop = wanted;
        setScrollTop(wanted);
      }
    }
    if (changed) setMeasureVersion((v) => v + 1);
  });

  const jumpTo = useCallback(
    (index: number) => {
      if (!heights) return;
      pendingJump.current = index;
      const wanted = heights.scrollTopFor(index, JUMP_MARGIN);
      if (scrollRef.current) scrollRef.current.scrollTop = wanted;
      setScrollTop(wanted);
      setMeasureVersion((v) => v + 1);
    },
    [heights],
  );

  // A citation followed elsewhere on the page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a jump runs once per request (its seq), and again once the length is known
  useEffect(() => {
    if (!jump || !heights) return;
    const cited = citedTurns(jump.turnIds).filter((t) => t.index < heights.count);
    if (cited.length === 0) return;
    setHighlighted(jump.highlight ? new Set(cited.map((t) => t.id)) : new Set());
    jumpTo(cited[0]!.index);
  }, [jump?.seq, heights]);

  const submitGoTo = () => {
    const n = Number(goTo);
    if (total === null) return;
    if (!Number.isInteger(n) || n < 1 || n > total) {
      setGoToError(`Enter a turn number from 1 to ${total}.`);
      return;
    }
    setGoToError(null);
    setHighlighted(new Set());
    jumpTo(n - 1);
  };

  const rows = [];
  if (heights) {
    for (let i = range.start; i < range.end; i++) {
      rows.push(
        <TurnRow
          key={i}
          index={i}
          total={heights.count}
          turn={turns[i]}
          cited={turns[i] !== undefined && highlighted.has(turns[i]!.id)}
          focused={focused === i}
          onFocus={() => setFocused(i)}
          onBlur={() => setFocused((f) => (f === i ? null : f))}
        />,
      );
    }
  }

  const label = total === null ? 'Transcript' : `Transcript, ${total} ${total === 1 ? 'turn' : 'turns'}`;
  return (
    <SpaceBetween size="s">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submitGoTo();
        }}
      >
        <SpaceBetween direction="horizontal" size="xs" alignItems="end">
          <div style={{ width: 120 }}>
            <Input
              ariaLabel="Go to turn"
              placeholder="Turn number"
              inputMode="numeric"
              value={goTo}
              invalid={goToError !== null}
              onChange={({ detail }) => setGoTo(detail.value)}
            />
          </div>
          <Button formAction="submit" disabled={total === null}>
            Go to turn
          </Button>
        </SpaceBetween>
        {goToError && (
          <Box color="text-status-error" fontSize="body-s">
            {goToError}
          </Box>
        )}
      </form>
      {loadError && (
        <Alert
          type="error"
          header="Part of the transcript could not be loaded"
          action={
            <Button
              onClick={() => {
                setLoadError(null);
              }}
            >
              Try again
            </Button>
          }
        >
          {loadError}
        </Alert>
      )}
      {/* biome-ignore lint/a11y/useSemanticElements: a scrollable region; a <section> cannot take the scroll handlers' role contract here */}
      <div
        ref={scrollRef}
        role="region"
        aria-label={label}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it
        tabIndex={0}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        style={{ height, maxHeight: '75vh', overflowY: 'auto', position: 'relative', borderTop: '1px solid #e9ebed' }}
        data-testid="transcript-scroller"
      >
        {total === null && !loadError ? (
          <Box padding="m" color="text-status-inactive">
            Loading the transcript…
          </Box>
        ) : (
          <ol
            ref={listRef}
            aria-label="Turns"
            style={{
              boxSizing: 'border-box',
              height: heights?.total() ?? 0,
              paddingTop: heights?.offsetOf(range.start) ?? 0,
              margin: 0,
              paddingLeft: 0,
              listStyle: 'none',
            }}
          >
            {rows}
          </ol>
        )}
      </div>
    </SpaceBetween>
  );
}

interface TurnRowProps {
  index: number;
  total: number;
  turn: Turn | undefined;
  cited: boolean;
  focused: boolean;
  onFocus(): void;
  onBlur(): void;
}

const ROW_STYLE: CSSProperties = { padding: '8px 12px', borderBottom: '1px solid #e9ebed', borderLeft: '4px solid transparent', outline: 'none' };
const CITED_STYLE: CSSProperties = { background: '#fff8db', borderLeft: '4px solid #0972d3' };
const FOCUSED_STYLE: CSSProperties = { boxShadow: 'inset 0 0 0 2px #0972d3' };

function TurnRow({ index, total, turn, cited, focused, onFocus, onBlur }: TurnRowProps) {
  const number = index + 1;
  const time = turn ? formatTurnTime(turn.start) : null;
  const style = { ...ROW_STYLE, ...(cited ? CITED_STYLE : {}), ...(focused ? FOCUSED_STYLE : {}) };
  return (
    <li
      aria-setsize={total}
      aria-posinset={number}
      tabIndex={-1}
      data-index={index}
      data-turn-id={turn?.id}
      data-cited={cited ? 'true' : undefined}
      style={style}
      onFocus={onFocus}
      onBlur={onBlur}
    >
      {turn ? (
        <>
          <Box fontSize="body-s" color="text-body-secondary">
            <strong>{speakerLabel(turn)}</strong> · turn {turnIndexOf(turn.id) === null ? turn.id : number}
            {time ? ` · ${time}` : ''}
            {cited ? ' · cited' : ''}
          </Box>
          <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{turn.text}</div>
        </>
      ) : (
        <Box color="text-status-inactive">Loading turn {number}…</Box>
      )}
    </li>
  );
}
