// `heapwise fix [patterns]`: applies the analyzers' suggested fixes, prints them as a unified
// diff, then builds and vets the packages with the Go toolchain and rolls back every file
// whose change does not build or changes go vet's verdict. --dry-run prints the diff only.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { analyze } from '../analyze.js';
import { InputError } from '../core/errors.js';
import { dropOrphanedImports } from '../fix/imports.js';
import { planFixes, type FilePlan } from '../fix/plan.js';
import { sameVerdict, verdict, verdictChange } from '../fix/verify.js';
import { goEnv } from '../go/env.js';
import { gofmt } from '../go/gofmt.js';
import { goParser } from '../source/parser.js';

interface Flags {
  C: string;
  arch?: string;
  only?: string;
  disable?: string;
  dryRun?: boolean;
}

export function fixCommand(program: Command): void {
  program
    .command('fix')
    .description('apply the suggested fixes (struct-padding, prealloc, strings.Builder, strconv, time.NewTimer...), print the diff, and keep only changes that build and leave go vet\'s verdict as it was')
    .argument('[patterns...]', 'Go package patterns (default ./...)')
    .option('-C <dir>', 'run in this directory (inside a Go module)', '.')
    .option('--arch <goarch>', 'lay types out for this GOARCH (default: go env GOARCH)')
    .option('--only <ids>', 'apply only these analyzers\' fixes (comma-separated)')
    .option('--disable <ids>', 'leave these analyzers\' fixes out (comma-separated)')
    .option('--dry-run', 'print the diff and change nothing')
    .action(async (patterns: string[], flags: Flags) => {
      const list = (s?: string) => s?.split(',').map((x) => x.trim()).filter(Boolean);
      const only = list(flags.only);
      // The compiler's escape findings offer no fixes; without --only its build is skipped.
      const disable = [...(list(flags.disable) ?? []), ...(only ? [] : ['escape'])];
      const report = await analyze({ dir: flags.C, patterns, arch: flags.arch, only, disable });
      const root = report.root;
      const plan = planFixes(report.findings, (f) => readFileSync(path.join(root, f)));
      const { goroot } = await goEnv(root);
      const files: FilePlan[] = [];
      const notes: string[] = [];
      const parser = await goParser();
      for (const p of plan.files) {
        const formatted = await gofmt(goroot, dropOrphanedImports(parser, p.original, p.fixed), p.file);
        if (!formatted.ok) notes.push(`${p.file}: left alone, the edits do not parse: ${formatted.error}`);
        else files.push({ ...p, fixed: formatted.text });
      }
      for (const r of plan.refused) notes.push(`${r.finding.file}:${r.finding.line}: ${r.finding.analyzer} fix left for another run: ${r.reason}`);

      let kept = files;
      if (!flags.dryRun && files.length > 0) kept = await applyChecked(root, patterns.length > 0 ? patterns : ['./...'], files, notes);
      process.stdout.write(kept.map((p) => unified(p)).join(''));
      const fixes = new Set(kept.flatMap((p) => p.findings)).size;
      const verb = flags.dryRun ? 'would apply' : 'applied';
      process.stderr.write(`heapwise: ${verb} ${fixes} fix${fixes === 1 ? '' : 'es'} to ${kept.length} file${kept.length === 1 ? '' : 's'}${flags.dryRun ? ' (dry run: nothing written, nothing built)' : ''}\n`);
      for (const n of notes) process.stderr.write(`heapwise: ${n}\n`);
    });
}

/**
 * Writes every file, then asks the toolchain. When the packages no longer build, or go vet says
 * something else than before, the files are tried one at a time and each one that breaks the
 * build or changes the verdict is put back as it was.
 */
async function applyChecked(root: string, patterns: string[], files: FilePlan[], notes: string[]): Promise<FilePlan[]> {
  const before = await verdict(root, patterns);
  if (before.buildError) throw new InputError(`the packages do not build before any fix; fix that first: ${before.buildError}`);
  for (const p of files) write(root, p.file, p.fixed);
  if (sameVerdict(before, await verdict(root, patterns))) return files;
  for (const p of files) write(root, p.file, p.original);
  const kept: FilePlan[] = [];
  for (const p of files) {
    write(root, p.file, p.fixed);
    const after = await verdict(root, patterns);
    if (sameVerdict(before, after)) {
      kept.push(p);
    } else {
      write(root, p.file, p.original);
      notes.push(`${p.file}: rolled back, with the fix it ${verdictChange(before, after)}`);
    }
  }
  return kept;
}

/** Replaces a file whole (a temporary file renamed over it), so it is never half written. */
function write(root: string, file: string, content: Buffer): void {
  const abs = path.join(root, file);
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.heapwise-fix.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, abs);
  } catch (e) {
    throw new InputError(`cannot write the fixed file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, abs);
  }
}

function unified(p: FilePlan): string {
  return createTwoFilesPatch(`a/${p.file}`, `b/${p.file}`, p.original.toString('utf8'), p.fixed.toString('utf8'), undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
}
