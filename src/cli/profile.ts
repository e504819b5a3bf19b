// `heapwise profile <file|url> [top|list <regex>|tree|diff|merge] ...`: pprof's views of heap,
// allocs and any other profile, from a file or a net/http/pprof endpoint; and
// `heapwise profile record [package] --bench <regex>`, which makes one from benchmarks first.
import path from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../core/errors.js';
import { writeOutputBytes } from '../profile/write.js';
import { encodeProfile } from '../profile/encode.js';
import { compileRegex, select } from '../profile/filter.js';
import { granularities, type Granularity } from '../profile/graph.js';
import { list, renderListJson, renderListText } from '../profile/list.js';
import { loadProfile } from '../profile/load.js';
import { recordProfile } from '../profile/record.js';
import { diffProfiles, mergeProfiles } from '../profile/merge.js';
import type { Profile } from '../profile/model.js';
import { renderTopJson, renderTopText, top } from '../profile/top.js';
import { renderTreeText, tree } from '../profile/tree.js';
import { isKnownUnit, scaledLabel } from '../profile/units.js';
import { writeOutput } from './output.js';

interface Flags {
  format: string;
  sample?: string;
  granularity: string;
  focus?: string;
  ignore?: string;
  top?: string;
  unit: string;
  base?: string;
  output?: string;
  timeout: string;
  nodeFraction: string;
  bench?: string;
  C: string;
  memprofilerate?: string;
  benchtime?: string;
}

const views = ['top', 'list', 'tree', 'diff', 'merge'];

export function profileCommand(program: Command): void {
  program
    .command('profile')
    .description('read a pprof profile (file or http(s) URL) and show a view of it: top (default), list <regex>, tree (call tree / flame graph data), diff --base <old>, merge <more...> -o <out>')
    .argument('<source>', 'profile file (gzipped or raw profile.proto, legacy heap text), http(s)://host:port/debug/pprof/heap, or "record" (run benchmarks with -memprofile: heapwise profile record ./pkg --bench .)')
    .argument('[view]', `view: ${views.join(', ')}`, 'top')
    .argument('[args...]', 'for list: a regular expression for function names; for merge: more profiles')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--sample <type>', 'sample type: alloc_space, alloc_objects, inuse_space, inuse_objects, ... or an index (default: like pprof)')
    .addOption(new Option('--granularity <g>', 'aggregate by').choices(['function', 'file', 'line', 'filefunction', ...granularities]).default('function'))
    .option('--focus <regex>', 'keep only samples with a frame matching this (function name or file)')
    .option('--ignore <regex>', 'drop samples with a frame matching this')
    .option('--top <n>', 'show at most n rows (default: all above the node fraction)')
    .option('--unit <unit>', 'show values in this unit (B, kB, MB, ns, ms, s...; default: pick one like pprof)', 'minimum')
    .option('--node-fraction <f>', 'hide nodes whose cum is below this share of the total, as pprof -nodefraction', '0.005')
    .option('--base <file>', 'diff: subtract this profile (pprof -diff_base)')
    .option('-o, --output <file>', 'write to a file instead of stdout (required for merge)')
    .option('--timeout <seconds>', 'for URLs: how long to wait for the service', '60')
    .option('--bench <regex>', 'record: the benchmarks to run (go test -bench)')
    .option('-C <dir>', 'record: run in this directory (inside a Go module)', '.')
    .option('--memprofilerate <n>', 'record: runtime.MemProfileRate (1 records every allocation)')
    .option('--benchtime <t>', 'record: go test -benchtime (e.g. 1000x, 2s)')
    .action(async (source: string, view: string, args: string[], flags: Flags) => {
      if (source === 'record') {
        // `heapwise profile record [package] --bench <regex>`: the view slot holds the package.
        if (args.length > 0) throw new UsageError(`record takes one package, not ${[view, ...args].join(' ')}`);
        if (!flags.bench) throw new UsageError('record needs --bench <regex> (the benchmarks to profile)');
        const rate = flags.memprofilerate === undefined ? undefined : Number(flags.memprofilerate);
        if (rate !== undefined && !(Number.isInteger(rate) && rate >= 0)) throw new UsageError(`--memprofilerate must be a whole number, not "${flags.memprofilerate}"`);
        source = await recordProfile({
          dir: flags.C,
          pattern: view === 'top' ? '.' : view,
          bench: flags.bench,
          output: flags.output ?? 'mem.pb.gz',
          memProfileRate: rate,
          benchtime: flags.benchtime,
        });
        const rel = path.relative(process.cwd(), source);
        process.stderr.write(`heapwise: profile written to ${rel.startsWith('..') ? source : rel}\n`);
        // Benchmarks end with little in use: what they allocated is the interesting part.
        flags.sample ??= 'alloc_space';
        flags.output = undefined;
        view = 'top';
      }
      if (!views.includes(view)) throw new UsageError(`unknown view "${view}": want one of ${views.join(', ')}`);
      const timeoutMs = Number(flags.timeout) * 1000;
      if (!(timeoutMs > 0)) throw new UsageError(`--timeout must be a positive number of seconds, not "${flags.timeout}"`);
      if (view === 'list' && (args.length !== 1 || args[0] === '')) throw new UsageError('list needs one regular expression: heapwise profile heap.pb.gz list \'pkg\\.Func\'');
      if (view !== 'merge' && view !== 'list' && args.length > 0) throw new UsageError(`unexpected arguments after ${view}: ${args.join(' ')}`);
      const load = (s: string) => loadProfile(s, { timeoutMs });

      if (view === 'merge') {
        if (!flags.output) throw new UsageError('merge writes a profile: give the output file with -o');
        if (args.length === 0) throw new UsageError('merge needs at least two profiles: heapwise profile a.pb.gz merge b.pb.gz -o merged.pb.gz');
        const merged = mergeProfiles(await Promise.all([source, ...args].map(load)));
        await writeOutputBytes(encodeProfile(merged), flags.output);
        return;
      }
      if (view === 'diff' && !flags.base) throw new UsageError('diff needs --base <profile>');
      const count = flags.top === undefined ? 0 : Number(flags.top);
      if (!Number.isInteger(count) || count < 0) throw new UsageError(`--top must be a whole number, not "${flags.top}"`);
      const nodeFraction = Number(flags.nodeFraction);
      if (!(nodeFraction >= 0 && nodeFraction <= 1)) throw new UsageError(`--node-fraction must be between 0 and 1, not "${flags.nodeFraction}"`);
      if (!isKnownUnit(flags.unit)) throw new UsageError(`--unit: unknown unit "${flags.unit}"`);
      const focus = compileRegex('--focus', flags.focus);
      const ignore = compileRegex('--ignore', flags.ignore);

      let profile: Profile = await load(source);
      if (flags.base) profile = diffProfiles(profile, await load(flags.base));
      const sel = select(profile, { sample: flags.sample, focus, ignore });
      if (view === 'tree') {
        const v = tree(sel, toGranularity(flags.granularity));
        const unit = flags.unit === 'minimum' ? 'auto' : flags.unit;
        const text = flags.format === 'json' ? JSON.stringify(v) + '\n' : renderTreeText(v, (x) => scaledLabel(x, v.unit.toLowerCase(), unit), Math.abs(Math.trunc(v.total * nodeFraction)));
        await writeOutput(text, flags.output);
        return;
      }
      if (view === 'list') {
        const v = list(sel, compileRegex('list', args[0])!);
        await writeOutput(flags.format === 'json' ? renderListJson(v) : renderListText(v, flags.unit), flags.output);
        return;
      }
      const v = top(sel, { granularity: toGranularity(flags.granularity), count, nodeFraction });
      await writeOutput(flags.format === 'json' ? renderTopJson(v) : renderTopText(v, flags.unit), flags.output);
    });
}

function toGranularity(g: string): Granularity {
  const map: Record<string, Granularity> = { function: 'functions', file: 'files', line: 'lines', filefunction: 'filefunctions' };
  return map[g] ?? (g as Granularity);
}
