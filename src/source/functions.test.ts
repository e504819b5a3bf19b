import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFile } from './parse-file.js';
import { goParser } from './parser.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'heapwise-fn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const src = `package p

func (s *S) F(xs []int) string {
	out := ""
	for i, x := range xs {
		defer f(x)
		if i > 0 {
			for j := 0; j < i; j++ {
				out += "x"
			}
		}
	}
	for {
		break
	}
	return out
}

func G() {}
`;

describe('functions and loops (parse mode all)', () => {
  it('lists functions with their loops, nested loops and the statements in each', async () => {
    const file = path.join(dir, 'p.go');
    writeFileSync(file, src);
    const decls = parseFile(await goParser(), file, 'all');
    expect(decls.functions?.map((f) => [f.name, f.receiver])).toEqual([
      ['F', 'S'],
      ['G', undefined],
    ]);
    const [outer, forever] = decls.functions![0]!.loops;
    expect(outer).toMatchObject({ kind: 'range', rangeOver: 'xs', header: 'for i, x := range xs', pos: { line: 5, column: 2 } });
    expect(outer!.statements.map((s) => s.kind)).toEqual(['defer_statement', 'if_statement']);
    expect(outer!.loops).toHaveLength(1);
    expect(outer!.loops[0]).toMatchObject({ kind: 'for', statements: [{ kind: 'assignment_statement', text: 'out += "x"' }] });
    expect(forever).toMatchObject({ kind: 'condition', header: 'for' });
    expect(Buffer.from(src).subarray(outer!.bodyStart, outer!.bodyStart + 1).toString()).toBe('{');
  });

  it('is not extracted when only declarations were parsed', async () => {
    const file = path.join(dir, 'q.go');
    writeFileSync(file, src);
    expect(parseFile(await goParser(), file, 'structs').functions).toBeUndefined();
  });
});
