// readall-unbounded: io.ReadAll of a request body nobody bounded.
import type { Node } from 'web-tree-sitter';
import { callee, enclosingFunction, type SyntaxFile } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';
import { docsUrl, type Analyzer } from './analyzer.js';
import { eachFileOf, report } from './body.js';

const doc = `Reports io.ReadAll (or ioutil.ReadAll, or a bytes.Buffer's ReadFrom) of an HTTP request body,
or of a file uploaded through r.FormFile, that nothing bounds.

ReadAll holds the whole input in memory, growing its buffer as it reads; for a request body
the client chooses the size. A single large or slow request can take the service's memory,
and many concurrent ones certainly will.

Fix: bound the body before reading (r.Body = http.MaxBytesReader(w, r.Body, limit), or
io.LimitReader), or stream it: json.NewDecoder(r.Body).Decode(&v), a bufio.Scanner.

Not reported: bodies wrapped by http.MaxBytesReader or io.LimitReader earlier in the handler,
or read through one in the call itself.`;

const readAll = new Set(['io.ReadAll', 'io/ioutil.ReadAll']);

export const readallUnbounded: Analyzer = {
  id: 'readall-unbounded',
  title: 'io.ReadAll of an unbounded request body',
  doc,
  url: docsUrl('readall-unbounded'),
  severity: 'warning',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      for (const call of file.all('call_expression')) {
        const name = callee(file, call);
        // buf.ReadFrom(r.Body) on a bytes.Buffer reads it all just the same.
        const readFrom = name !== undefined && /\.ReadFrom$/.test(name) && isBytesBuffer(call);
        if (!name || (!readAll.has(name) && !readFrom)) continue;
        const arg = call.childForFieldName('arguments')?.namedChildren[0];
        const req = arg && requestOf(file, arg);
        if (!arg || !req || isBounded(file, call, req)) continue;
        report(pass, file, call, {
          message: `${name.replace('io/ioutil.', 'ioutil.')}(${arg.text}) reads a request body of any size into memory; bound it with http.MaxBytesReader or stream it`,
        });
      }
    }
  },
};

/**
 * `r` when the argument is `r.Body`, or a file uploaded through `r.FormFile`, and r is an
 * *http.Request parameter of the function: in both the client chooses the size.
 */
function requestOf(file: SyntaxFile, arg: Node): string | undefined {
  let m = /^(\w+)\.Body$/.exec(arg.text);
  if (!m && arg.type === 'identifier') {
    const v = declarationOf(arg)?.node;
    const call = v?.type === 'short_var_declaration' ? v.childForFieldName('right')?.namedChildren[0] : undefined;
    const first = v?.childForFieldName('left')?.namedChildren[0]?.text;
    const upload = call?.type === 'call_expression' ? /^(\w+)\.FormFile$/.exec(call.childForFieldName('function')?.text ?? '') : null;
    if (upload && first === arg.text) m = upload;
  }
  if (!m) return undefined;
  const http = [...file.imports].find(([, path]) => path === 'net/http')?.[0];
  if (!http) return undefined;
  for (let f = enclosingFunction(arg); f; f = enclosingFunction(f)) {
    for (const p of f.childForFieldName('parameters')?.namedChildren ?? []) {
      if (p?.childrenForFieldName('name').some((n) => n?.text === m[1]) && p.childForFieldName('type')?.text === `*${http}.Request`) return m[1];
    }
  }
  return undefined;
}

function isBytesBuffer(call: Node): boolean {
  const recv = call.childForFieldName('function')?.childForFieldName('operand');
  const d = recv?.type === 'identifier' ? declarationOf(recv) : undefined;
  const t = d?.type?.text ?? (d?.value?.type === 'unary_expression' || d?.value?.type === 'composite_literal' ? d.value.text : d?.value?.text);
  return t !== undefined && /bytes\.Buffer\b|bytes\.NewBuffer\(/.test(t);
}

/** The body was replaced by a bounded reader before the call, in the same function (which bounds uploads too). */
function isBounded(file: SyntaxFile, call: Node, req: string): boolean {
  const fn = enclosingFunction(call);
  const before = fn ? file.text.slice(fn.startIndex, call.startIndex) : '';
  const assigned = new RegExp(`\\b${req}\\.Body\\s*=\\s*[\\w.]*(MaxBytesReader|LimitReader)\\(`);
  return assigned.test(before) || new RegExp(`\\b${req}\\.ParseMultipartForm\\(`).test(before) && /MaxBytesReader/.test(before);
}
