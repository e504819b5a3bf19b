// What the Go toolchain says about the packages a fix touches: do they build, and what does
// `go vet` report. A fix is kept only when the code still builds and vet's verdict is the same
// as before (compared by file and message: fixes move lines, so positions are left out).
import { runGo } from '../go/toolchain.js';

export interface Verdict {
  /** The first compiler or vet error when the packages do not build, else undefined. */
  buildError?: string;
  /** vet's findings as `file: message`, sorted. */
  vet: string[];
}

export async function verdict(dir: string, patterns: string[]): Promise<Verdict> {
  const build = await runGo(['build', '-o', devNull(), '--', ...patterns], { cwd: dir, allowFailure: true });
  if (build.exitCode !== 0) return { buildError: firstError(build.stderr), vet: [] };
  const vet = await runGo(['vet', '--', ...patterns], { cwd: dir, allowFailure: true });
  const lines = vet.stderr.split('\n').filter((l) => /^[^#\s].*:\d+:\d+: /.test(l));
  if (vet.exitCode !== 0 && lines.length === 0) return { buildError: firstError(vet.stderr), vet: [] };
  return { vet: lines.map((l) => l.replace(/^(.*?):\d+:\d+: /, '$1: ')).sort() };
}

export function sameVerdict(a: Verdict, b: Verdict): boolean {
  return a.buildError === undefined && b.buildError === undefined && a.vet.length === b.vet.length && a.vet.every((l, i) => l === b.vet[i]);
}

/** What changed between two verdicts, in a few words for the summary. */
export function verdictChange(before: Verdict, after: Verdict): string {
  if (after.buildError) return `does not build: ${after.buildError}`;
  const added = after.vet.filter((l) => !before.vet.includes(l));
  const gone = before.vet.filter((l) => !after.vet.includes(l));
  return added.length > 0 ? `go vet now reports: ${added[0]}` : `go vet no longer reports: ${gone[0] ?? '(a finding)'}`;
}

function firstError(stderr: string): string {
  return (stderr.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#')) ?? 'failed').trim();
}

function devNull(): string {
  return process.platform === 'win32' ? 'NUL' : '/dev/null';
}
