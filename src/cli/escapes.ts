// `heapwise escapes [patterns]`: every heap allocation the compiler decided on, and why.
import path from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../core/errors.js';
import { collectEscapes, type EscapeReport } from '../escape/collect.js';
import { renderEscapesJson, renderEscapesText } from '../escape/render.js';
import { readSource } from '../source/read.js';
import { writeOutput } from './output.js';
import { progressBar } from './progress.js';

interface Flags {
  C: string;
  format: string;
  all?: boolean;
  file?: string;
  line?: string;
  output?: string;
  color?: boolean;
  quiet?: boolean;
}

export function escapesCommand(program: Command): void {
  program
    .command('escapes')
    .description('every heap allocation the compiler decided on, why, and the usual fix (patterns as for go build; default ./...)')
    .argument('[patterns...]', 'Go package patterns')
    .option('-C <dir>', 'run in this directory (inside a Go module)', '.')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--all', 'also decisions outside the module\'s files (inlined standard-library code, generated wrappers); JSON adds leaking parameters, "does not escape" and bounds checks')
    .option('--file <file>', 'only decisions in this file (a path relative to -C, or a file name)')
    .option('--line <n>', 'only decisions on this line (with --file)')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--no-color', 'plain text output')
    .option('-q, --quiet', 'no progress bar on stderr (it is drawn only on a terminal, outside CI, when the compile takes a moment)')
    .action(async (patterns: string[], flags: Flags) => {
      const line = flags.line === undefined ? undefined : Number(flags.line);
      if (line !== undefined && (!Number.isInteger(line) || line < 1)) throw new UsageError(`--line must be a positive line number, not "${flags.line}"`);
      if (line !== undefined && !flags.file) throw new UsageError('--line needs --file');
      const bar = progressBar({ label: 'compiling', unit: 'packages', quiet: flags.quiet });
      let report: EscapeReport;
      try {
        report = await collectEscapes({ dir: flags.C, patterns, onProgress: (done, total) => bar.update(done, total) });
      } finally {
        bar.stop();
      }
      filter(report, flags.all ?? false, flags.file, line);
      const root = path.resolve(flags.C);
      const color = flags.color !== false && !flags.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
      const text =
        flags.format === 'json'
          ? renderEscapesJson(report, flags.all ?? false)
          : renderEscapesText(report, {
              color,
              lineText: (e) => {
                try {
                  const lines = readSource(path.resolve(root, e.file)).split('\n');
                  return lines[e.line - 1];
                } catch {
                  return undefined;
                }
              },
            });
      await writeOutput(text, flags.output);
    });
}

function filter(report: EscapeReport, all: boolean, file: string | undefined, line: number | undefined): void {
  const inModule = (f: string) => !f.startsWith('<') && !path.isAbsolute(f);
  const wanted = (f: string, l: number) =>
    (all || inModule(f)) &&
    (file === undefined || f === path.normalize(file) || path.basename(f) === file || f.endsWith(`/${path.normalize(file)}`)) &&
    (line === undefined || l === line);
  report.escapes = report.escapes.filter((e) => wanted(e.file, e.line));
  report.inlining = report.inlining.filter((e) => wanted(e.file, e.line));
  report.leaks = report.leaks.filter((e) => wanted(e.file, e.line));
  report.noEscape = report.noEscape.filter((e) => wanted(e.file, e.line));
  report.other = report.other.filter((e) => wanted(e.file, e.line));
}
