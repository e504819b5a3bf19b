// The HTML report's struct layouts for the other arches (Report.archStructs, filled when an HTML
// report is written) must be exactly what `analyze --arch <name>` lists, and what the compiler
// says for that arch (test/support/sizeof-oracle.ts), on the edge-case module (which has a
// 386-only file) and on the example service. Unknown sizes stay unknown, per arch.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { formatMismatches, runSizeofOracle } from '../support/sizeof-oracle.js';
import { type Arch, type HeapwiseStruct, REPO_ROOT, runHeapwise } from '../support/tools.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'heapwise-arch-structs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const modules = [
  { id: 'edgemod', dir: path.join(REPO_ROOT, 'test/oracle/testdata/edgemod') },
  { id: 'shopsvc', dir: path.join(REPO_ROOT, 'examples/shopsvc') },
];
const others: Arch[] = ['arm64', '386', 'arm'];

describe.each(modules)('archStructs on $id', ({ id, dir }) => {
  const withHtml = runHeapwise({ dir, patterns: ['./...'], arch: 'amd64', extraArgs: ['--html', path.join(tmp, `${id}.html`)] });

  test.each(others)('%s: the same list as analyze --arch gives, and the compiler agrees', async (arch) => {
    const { report } = await withHtml;
    const byArch = (report as unknown as { archStructs: Record<string, HeapwiseStruct[]> }).archStructs;
    expect(Object.keys(byArch).sort()).toEqual([...others].sort());
    const direct = await runHeapwise({ dir, patterns: ['./...'], arch });
    expect(byArch[arch]).toEqual(direct.report.structs);
    if (id === 'edgemod') {
      // Only386 is in a file built for 386 only.
      expect(byArch[arch]!.some((s) => s.name === 'Only386')).toBe(arch === '386');
      expect(report.structs.some((s) => s.name === 'Only386')).toBe(false);
    }
    const oracle = await runSizeofOracle({ arch, dir, structs: byArch[arch]! });
    expect(oracle.buildErrors).toEqual([]);
    expect(oracle.mismatches, formatMismatches(oracle.mismatches)).toEqual([]);
    expect(oracle.checked).toBeGreaterThan(5);
  });
});
