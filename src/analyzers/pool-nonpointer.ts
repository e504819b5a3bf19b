// pool-nonpointer: sync.Pool.Put of a value that is not pointer-shaped allocates on every Put.
import type { Node } from 'web-tree-sitter';
import { shapeOf, type Declaration } from '../types/local.js';
import type { SyntaxFile } from '../source/syntax.js';
import { docsUrl, type Analyzer, type Pass } from './analyzer.js';
import { eachFileOf, packageType, report, variable } from './body.js';

const doc = `Reports sync.Pool.Put of a value that is not pointer-shaped: a slice ([]byte), a string, a
struct or an array value.

Put takes an any. Converting a slice header (three words) or a struct to an interface
allocates a copy on the heap, on every Put: the pool meant to save allocations adds one. This
is the classic sync.Pool{New: func() any { return make([]byte, 4096) }} ... Put(buf).

Fix: pool pointers: *[]byte (Put(&buf), Get().(*[]byte)), *bytes.Buffer, or *T for structs.

Not reported: pointers, maps, channels and funcs (pointer-shaped: no allocation), and values
whose type heapwise cannot tell from the source.`;

export const poolNonpointer: Analyzer = {
  id: 'pool-nonpointer',
  title: 'sync.Pool.Put of a non-pointer value allocates on every Put',
  doc,
  url: docsUrl('pool-nonpointer'),
  severity: 'warning',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      for (const call of file.all('call_expression')) {
        const fn = call.childForFieldName('function');
        if (fn?.type !== 'selector_expression' || fn.childForFieldName('field')?.text !== 'Put') continue;
        const pool = fn.childForFieldName('operand');
        if (!pool || !isSyncPool(pass, file, pool)) continue;
        const arg = call.childForFieldName('arguments')?.namedChildren[0];
        const shape = arg && shapeOf(arg, (id) => variable(pass, file, id), packageType(pass, file));
        if (!arg || !shape || shape === 'pointer' || shape === 'map' || shape === 'chan' || shape === 'func') continue;
        report(pass, file, call, {
          message: `${pool.text}.Put(${arg.text}) puts a ${shape === 'struct-or-scalar' ? 'non-pointer value' : shape} into a sync.Pool: converting it to any allocates on every Put; pool a pointer (e.g. *[]byte) instead`,
        });
      }
    }
  },
};

/** The receiver is a sync.Pool variable (declared with that type, or as sync.Pool{...} or &sync.Pool{...}). */
function isSyncPool(pass: Pass, file: SyntaxFile, operand: Node): boolean {
  if (operand.type !== 'identifier') return false;
  const d: Declaration | undefined = variable(pass, file, operand);
  const sync = [...file.imports].find(([, path]) => path === 'sync')?.[0];
  if (!d || !sync) return false;
  const written = d.type?.text ?? (d.value?.type === 'composite_literal' ? d.value.childForFieldName('type')?.text : d.value?.type === 'unary_expression' ? d.value.namedChildren[0]?.childForFieldName('type')?.text : undefined);
  return written === `${sync}.Pool` || written === `*${sync}.Pool`;
}
