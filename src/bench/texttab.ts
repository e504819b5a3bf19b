// A text table laid out the way benchstat lays out its own (cmd/benchstat/internal/texttab):
// cells with left margins and alignments, spans over several columns whose extra width is
// shared out widest-first, "shrink" columns that spans do not widen. Widths are computed in
// the same order (Go's unstable sort.Slice included), so the output matches byte for byte.
import { goSortSlice } from '../types/go-sort.js';

export type Align = 'left' | 'center' | 'right';

interface TextCell {
  row: number;
  col: number;
  span: number;
  value: string;
  leftMargin: string;
  align: Align;
}

export interface CellOptions {
  align?: Align;
  leftMargin?: string;
}

const runes = (s: string) => [...s].length;

export class TextTable {
  private cells: TextCell[] = [];
  private cols = 0;
  private shrinkCols: boolean[] = [];
  private curRow = 0;
  private col = 0;

  row(): this {
    if (this.cells.length > 0) this.curRow++;
    this.col = 0;
    return this;
  }

  at(col: number): this {
    if (col < this.col) throw new Error(`cannot move from column ${this.col} to earlier column ${col}`);
    this.col = col;
    return this;
  }

  get curCol(): number {
    return this.col;
  }

  cell(value: string, o: CellOptions = {}): this {
    return this.span(1, value, o);
  }

  span(cols: number, value: string, o: CellOptions = {}): this {
    const leftMargin = o.leftMargin ?? (this.col === 0 || value.length === 0 ? '' : ' ');
    this.cells.push({ row: this.curRow, col: this.col, span: cols, value, leftMargin, align: o.align ?? 'left' });
    this.col += cols;
    this.cols = Math.max(this.cols, this.col);
    return this;
  }

  setShrink(col: number, shrink: boolean): void {
    while (this.shrinkCols.length < col + 1) this.shrinkCols.push(false);
    this.shrinkCols[col] = shrink;
  }

  format(): string {
    const shrink = (c: number) => this.shrinkCols[c] ?? false;
    const lmargin = new Array<number>(this.cols).fill(0);
    for (const c of this.cells) lmargin[c.col] = Math.max(runes(c.leftMargin), lmargin[c.col]!);
    const ws = new Array<number>(this.cols).fill(0);
    goSortSlice(this.cells, (a, b) => a.span < b.span);
    for (const c of this.cells) {
      let w = runes(c.value) + lmargin[c.col]!;
      if (c.span === 1) {
        ws[c.col] = Math.max(ws[c.col]!, w);
        continue;
      }
      let tw = 0;
      for (let col = c.col; col < c.col + c.span; col++) tw += ws[col]!;
      if (tw >= w) continue;
      const spanCols: number[] = [];
      for (let col = c.col; col < c.col + c.span; col++) {
        if (shrink(col)) w -= ws[col]!;
        else spanCols.push(col);
      }
      goSortSlice(spanCols, (a, b) => ws[a]! > ws[b]!);
      let n = spanCols.length;
      for (const col of spanCols) {
        // Go's integer division truncates toward zero (w can be negative here).
        const avg = Math.trunc((w + n - 1) / n);
        ws[col] = Math.max(ws[col]!, avg);
        w -= ws[col]!;
        n--;
      }
    }
    const offs: number[] = [];
    let off = 0;
    for (const w of ws) {
      offs.push(off);
      off += w;
    }
    offs.push(off);
    goSortSlice(this.cells, (a, b) => (a.row !== b.row ? a.row < b.row : a.col < b.col));
    let out = '';
    let row = 0;
    off = 0;
    for (const c of this.cells) {
      if (c.value.trim() === '' && c.leftMargin.trim() === '') continue;
      while (c.row > row) {
        out += '\n';
        row++;
        off = 0;
      }
      const spaces = offs[c.col]! - off;
      // Go's %*s with a negative width pads on the right: |width| spaces either way for "".
      out += ' '.repeat(Math.abs(spaces)) + c.leftMargin.padStart(lmargin[c.col]!);
      off += spaces + lmargin[c.col]!;
      const tw = offs[c.col + c.span]! - offs[c.col]! - lmargin[c.col]!;
      const s = pad(c.value, tw, c.align);
      out += s;
      off += runes(s);
    }
    if (this.cells.length > 0) out += '\n';
    return out;
  }
}

function pad(s: string, w: number, a: Align): string {
  if (a === 'center') return ' '.repeat(Math.abs(Math.trunc((w - runes(s)) / 2))) + s;
  if (a === 'right') return ' '.repeat(Math.max(0, w - runes(s))) + s;
  return s;
}
