// Counting the compile's progress: packages whose compile has finished, out of those compiled
// with diagnostics. A package is heard from twice at most (its -m output, its -json directory)
// and counted once. Only packages compiled with -m print output or write a -json directory, so
// before go list names them all, every package heard from counts.

export type ProgressListener = (done: number, total: number | undefined) => void;

export class CompileProgress {
  private readonly done = new Set<string>();
  private expected: Set<string> | undefined;
  private last = '';

  constructor(private readonly listener?: ProgressListener) {}

  /** A package's compile finished. */
  readonly onPackage = (importPath: string): void => {
    if (!this.listener || this.done.has(importPath)) return;
    this.done.add(importPath);
    this.emit();
  };

  /** The packages being compiled, once go list has named them. */
  expect(importPaths: string[]): void {
    this.expected = new Set(importPaths);
    this.emit();
  }

  /** The compile ended: every expected package is done. */
  finish(): void {
    if (this.expected) for (const p of this.expected) this.done.add(p);
    this.emit();
  }

  private emit(): void {
    if (!this.listener) return;
    let count = 0;
    for (const p of this.done) if (!this.expected || this.expected.has(p)) count++;
    const total = this.expected?.size;
    const now = `${count}/${total}`;
    if (now === this.last) return;
    this.last = now;
    this.listener(count, total);
  }
}
