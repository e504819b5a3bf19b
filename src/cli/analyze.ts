// `heapwise analyze [patterns]`: static analysis of Go packages.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { analyze } from '../analyze.js';
import { UsageError } from '../core/errors.js';
import type { Report } from '../core/report.js';
import { isSeverity, severityRank, type Severity } from '../core/finding.js';
import { renderJson } from '../report/json.js';
import { attachProfile } from '../profile/attribute.js';
import { gcEvidence } from '../gc/evidence.js';
import { profileEvidence } from '../profile/evidence.js';
import { loadProfile } from '../profile/load.js';
import { renderHtml } from '../report/html.js';
import { renderSarif } from '../report/sarif.js';
import { renderText } from '../report/text.js';
import { analyzers } from '../analyzers/index.js';
import { homepage } from '../core/version.js';
import { arches } from '../types/arch.js';
import { writeOutput } from './output.js';
import { progressBar } from './progress.js';

interface Flags {
  C: string;
  arch?: string;
  format: string;
  output?: string;
  html?: string;
  only?: string;
  disable?: string;
  tests?: boolean;
  strictIgnores?: boolean;
  benchBase?: string;
  bench?: string;
  profile?: string;
  profileBase?: string;
  gcTrace?: string;
  failOn: string;
  color?: boolean;
  quiet?: boolean;
}

export function analyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description('find memory waste in Go packages (patterns as for go vet; default ./...)')
    .argument('[patterns...]', 'Go package patterns')
    .option('-C <dir>', 'run in this directory (inside a Go module)', '.')
    .option('--arch <goarch>', 'lay types out for this GOARCH: amd64, arm64, 386, arm (default: go env GOARCH)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'html']).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--html <file>', 'also write the HTML report to this file')
    .option('--only <ids>', 'run only these analyzers (comma-separated)')
    .option('--disable <ids>', 'do not run these analyzers (comma-separated)')
    .option('--profile <file|url>', 'a heap or allocs profile: rank findings by the bytes it measured at their lines, and report hot spots no finding explains (hot-alloc)')
    .option('--profile-base <file|url>', 'an earlier profile (with --profile): colour the flame graph by what changed since it (pprof -diff_base)')
    .option('--gc-trace <file>', 'a GODEBUG=gctrace=1 trace of the service: its heap over time and the GOGC what-if table go into the HTML report')
    .option('--bench-base <file>', 'benchmark results before a change (with --bench): name regressions next to findings')
    .option('--bench <file>', 'benchmark results after the change')
    .option('--strict-ignores', 'report //heapwise:ignore comments that suppress nothing')
    .option('--tests', 'also analyse _test.go files (waste in tests costs nothing in production)')
    .option('-q, --quiet', 'no progress bar on stderr while the compiler\'s escape facts are collected (drawn only on a terminal, outside CI, when the compile takes a moment)')
    .option('--fail-on <severity>', 'exit 1 when a finding has this severity or higher: info, warning, error, never', 'never')
    .option('--no-color', 'plain text output')
    .action(async (patterns: string[], flags: Flags) => {
      const failOn = parseFailOn(flags.failOn);
      if (Boolean(flags.benchBase) !== Boolean(flags.bench)) throw new UsageError('--bench-base and --bench go together: results before and after the change');
      if (flags.profileBase && !flags.profile) throw new UsageError('--profile-base goes with --profile: the profile to compare with it');
      const bar = progressBar({ label: 'compiling', unit: 'packages', quiet: flags.quiet });
      const analysed = await analyze({
        dir: flags.C,
        patterns,
        arch: flags.arch,
        tests: flags.tests ?? false,
        only: splitList(flags.only),
        disable: splitList(flags.disable),
        strictIgnores: flags.strictIgnores ?? false,
        benchBase: flags.benchBase,
        bench: flags.bench,
        // The HTML report's struct view switches between every supported arch.
        layoutArches: flags.format === 'html' || flags.html ? Object.keys(arches) : undefined,
        onEscapeProgress: (done, total) => bar.update(done, total),
      }).finally(() => bar.stop());
      const profile = flags.profile ? await loadProfile(flags.profile) : undefined;
      const base = flags.profileBase ? { profile: await loadProfile(flags.profileBase), name: path.basename(flags.profileBase) } : undefined;
      const profiled = profile ? { ...attachProfile(analysed, profile), profile: profileEvidence(profile, base) } : analysed;
      const report = flags.gcTrace ? { ...profiled, gc: await gcEvidence(flags.gcTrace) } : profiled;
      const color = flags.color !== false && !flags.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
      await writeOutput(render(report, flags.format, color), flags.output);
      if (flags.html) {
        await writeOutput(render(report, 'html', false), flags.html);
        process.stderr.write(`heapwise: HTML report written to ${flags.html}\n`);
      }
      if (failOn && report.findings.some((f) => severityRank[f.severity] >= severityRank[failOn])) process.exitCode = 1;
    });
}

function render(report: Report, format: string, color: boolean): string {
  const source = (f: string) => readIfPresent(path.join(report.root, f));
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, { rules: analyzers, source, informationUri: homepage });
    case 'html':
      return renderHtml(report, { rules: analyzers, source, generated: new Date().toISOString() });
    default:
      return renderText(report, { color });
  }
}

function splitList(s: string | undefined): string[] | undefined {
  return s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined;
}

function parseFailOn(s: string): Severity | undefined {
  if (s === 'never') return undefined;
  if (!isSeverity(s)) throw new UsageError(`--fail-on must be info, warning, error or never, not "${s}"`);
  return s;
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
