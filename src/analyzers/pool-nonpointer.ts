// pool-nonpointer: sync.Pool.Put of a value that is not pointer-shaped allocates on every Put.
import { shapeOf } from '../types/local.js';
import { docsUrl, type Analyzer } from './analyzer.js';
import { eachFileOf, isSyncPool, packageType, report, variable } from './body.js';

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
