// Maps UTF-16 indexes in a JS string (what tree-sitter reports for string input) to the Go
// toolchain's 1-based line, 1-based byte column and 0-based byte offset.

export interface GoPosition {
  line: number;
  column: number;
  offset: number;
}

export class PositionMap {
  private readonly ascii: boolean;
  private readonly lineStarts: number[];
  private lineByteStarts: number[] | undefined;

  constructor(private readonly text: string) {
    // eslint-disable-next-line no-control-regex
    this.ascii = !/[^\x00-\x7f]/.test(text);
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  pos(index: number): GoPosition {
    const row = this.row(index);
    const lineStart = this.lineStarts[row]!;
    if (this.ascii) return { line: row + 1, column: index - lineStart + 1, offset: index };
    const byteCol = Buffer.byteLength(this.text.slice(lineStart, index), 'utf8');
    return { line: row + 1, column: byteCol + 1, offset: this.byteStarts()[row]! + byteCol };
  }

  /** Byte offset of a UTF-16 index. */
  offset(index: number): number {
    return this.ascii ? index : this.pos(index).offset;
  }

  private row(index: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private byteStarts(): number[] {
    if (!this.lineByteStarts) {
      const starts = this.lineStarts;
      const bytes = [0];
      for (let i = 1; i < starts.length; i++) {
        bytes.push(bytes[i - 1]! + Buffer.byteLength(this.text.slice(starts[i - 1]!, starts[i]!), 'utf8'));
      }
      this.lineByteStarts = bytes;
    }
    return this.lineByteStarts;
  }
}
