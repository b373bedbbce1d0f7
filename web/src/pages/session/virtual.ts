/**
 * The arithmetic of a virtualised list whose rows have different heights: each row starts at an estimated
 * height and takes its measured height once it has been rendered. The list renders only the rows that meet
 * the viewport, plus `overscan` rows either side, so a 600-turn (or 10,000-turn) transcript keeps a few dozen
 * rows in the DOM whatever the scroll position.
 */

export interface Range {
  /** First row to render (inclusive). */
  start: number;
  /** One past the last row to render. */
  end: number;
}

export class RowHeights {
  private readonly heights: number[];
  private readonly measured: boolean[];
  private offsets: number[] = [];
  private dirty = true;

  /** `estimate(index)` is a row's height until it is measured. */
  constructor(
    readonly count: number,
    estimate: (index: number) => number,
  ) {
    this.heights = Array.from({ length: count }, (_, i) => Math.max(1, estimate(i)));
    this.measured = new Array<boolean>(count).fill(false);
  }

  height(index: number): number {
    return this.heights[index] ?? 0;
  }

  /** Records a measured height; answers the change (0 when the height is the same or the index is out of range). */
  set(index: number, height: number): number {
    if (index < 0 || index >= this.count || !(height > 0)) return 0;
    this.measured[index] = true;
    return this.replace(index, height);
  }

  /** A better estimate (the row's text has arrived): kept only while the row has not been measured. */
  estimate(index: number, height: number): number {
    if (index < 0 || index >= this.count || !(height > 0) || this.measured[index]) return 0;
    return this.replace(index, height);
  }

  private replace(index: number, height: number): number {
    const delta = height - this.heights[index]!;
    if (delta === 0) return 0;
    this.heights[index] = height;
    this.dirty = true;
    return delta;
  }

  private prefix(): number[] {
    if (this.dirty) {
      const offsets = new Array<number>(this.count + 1);
      offsets[0] = 0;
      for (let i = 0; i < this.count; i++) offsets[i + 1] = offsets[i]! + this.heights[i]!;
      this.offsets = offsets;
      this.dirty = false;
    }
    return this.offsets;
  }

  /** Where row `index` starts, from the top of the list; `offsetOf(count)` is the whole list's height. */
  offsetOf(index: number): number {
    const offsets = this.prefix();
    return offsets[Math.max(0, Math.min(index, this.count))]!;
  }

  total(): number {
    return this.offsetOf(this.count);
  }

  /** The row that holds the pixel `offset` (the last row for an offset past the end, 0 for an empty list). */
  indexAt(offset: number): number {
    if (this.count === 0) return 0;
    const offsets = this.prefix();
    let low = 0;
    let high = this.count - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (offsets[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The rows to render for a scroll position: those meeting [scrollTop, scrollTop + viewport), with `overscan` more either side. */
  visibleRange(scrollTop: number, viewport: number, overscan: number): Range {
    if (this.count === 0) return { start: 0, end: 0 };
    const top = Math.max(0, scrollTop);
    const first = this.indexAt(top);
    const last = this.indexAt(top + Math.max(0, viewport) - 1);
    return { start: Math.max(0, first - overscan), end: Math.min(this.count, last + 1 + overscan) };
  }

  /** The scroll position that puts row `index` at the top of the viewport, less `margin` pixels of the row before it. */
  scrollTopFor(index: number, margin = 0): number {
    return Math.max(0, this.offsetOf(index) - margin);
  }
}

/** A row height estimate from the text's length: a header line plus the lines the text wraps to. */
export function estimateTurnHeight(textLength: number, charactersPerLine = 70, lineHeight = 20, chrome = 44): number {
  return chrome + Math.max(1, Math.ceil(textLength / charactersPerLine)) * lineHeight;
}
