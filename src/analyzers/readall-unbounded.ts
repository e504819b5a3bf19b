// readall-unbounded: a whole input of the client's choosing read into memory.
import type { Node } from 'web-tree-sitter';
import { callee, enclosingFunction, type SyntaxFile } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';
import { docsUrl, type Analyzer } from './analyzer.js';
import { eachFileOf, report } from './body.js';
import { chosenByClient, valueOf, wholeByClient } from './client-input.js';

const doc = `Reports io.ReadAll (or ioutil.ReadAll, or a bytes.Buffer's ReadFrom, or io.Copy into a
bytes.Buffer) of an HTTP request body (also through gzip.NewReader, bufio.NewReader...), of a
file uploaded through r.FormFile, or of the response to a URL the client supplied, that
nothing bounds; and os.ReadFile (or ReadAll of os.Open) of a file whose name the client chose.

ReadAll holds the whole input in memory, growing its buffer as it reads; for a request body
the client chooses the size, and so it does for a file it names or a page it points the
service at. A single large or slow request can take the service's memory, and many
concurrent ones certainly will.

Fix: bound the body before reading (r.Body = http.MaxBytesReader(w, r.Body, limit), or
io.LimitReader), or stream it: json.NewDecoder(r.Body).Decode(&v), a bufio.Scanner, io.Copy
to the response (http.ServeContent for files).

Not reported: bodies wrapped by http.MaxBytesReader or io.LimitReader earlier in the handler,
or read through one in the call itself; files whose size the handler checks first
(fi.Size()); responses of URLs the service builds itself (a fixed host with the client's ID
in the path is the service's own backend); files the operator chose (configuration,
templates).`;

const readAll = new Set(['io.ReadAll', 'io/ioutil.ReadAll']);
const readFile = new Set(['os.ReadFile', 'io/ioutil.ReadFile']);
/** Readers that hand on what they wrap, whole (decompressors, buffering, tees). */
const wrapping = /\.NewReader$|\.NewReaderSize$|^io\.TeeReader$|^io\.NopCloser$|^io\/ioutil\.NopCloser$/;

export const readallUnbounded: Analyzer = {
  id: 'readall-unbounded',
  title: 'io.ReadAll of a request body (or client-chosen input) nobody bounded',
  doc,
  url: docsUrl('readall-unbounded'),
  severity: 'warning',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      for (const call of file.all('call_expression')) {
        const name = callee(file, call);
        if (!name) continue;
        const arg = call.childForFieldName('arguments')?.namedChildren[0];
        if (!arg) continue;
        const short = name.replace('io/ioutil.', 'ioutil.');
        if (readFile.has(name)) {
          if (chosenByClient(file, arg) && !sizeChecked(file, call)) {
            report(pass, file, call, { message: `${short}(${arg.text}) reads a file the client chose, whatever its size, into memory; stream it (os.Open and io.Copy, http.ServeContent) or check its size first` });
          }
          continue;
        }
        const source = readerReadWhole(name, call);
        const unbounded = source && unboundedSource(file, call, source);
        if (!unbounded) continue;
        const args = call.childForFieldName('arguments')?.namedChildren.map((a) => a?.text).join(', ');
        report(pass, file, call, { message: `${short}(${args}) reads ${unbounded.what} into memory; bound it with ${unbounded.bound} or stream it` });
      }
    }
  },
};

/**
 * What the reader is, when the client decides how much it holds, and what would bound it:
 * undefined when bounded or unknown.
 */
function unboundedSource(file: SyntaxFile, call: Node, arg: Node): { what: string; bound: string } | undefined {
  const req = requestOf(file, arg);
  if (req) return isBounded(file, call, req.name) ? undefined : { what: req.upload ? 'an uploaded file of any size' : 'a request body of any size', bound: 'http.MaxBytesReader' };
  if (responseToClientURL(file, arg)) return { what: 'the response of a URL the client chose, whatever its size,', bound: 'io.LimitReader' };
  if (fileChosenByClient(file, arg) && !sizeChecked(file, call)) return { what: 'a file the client chose, whatever its size,', bound: 'io.LimitReader' };
  return undefined;
}

/**
 * `resp.Body` of `resp, err := http.Get(u)` (or client.Get, Post, Head, PostForm, or Do of a
 * request made by http.NewRequest) where the client supplied u whole: the other side, which
 * the client picked, decides the size.
 */
function responseToClientURL(file: SyntaxFile, arg: Node): boolean {
  if (arg.type !== 'selector_expression' || arg.childForFieldName('field')?.text !== 'Body') return false;
  const resp = arg.childForFieldName('operand');
  const made = resp?.type === 'identifier' ? valueOf(resp) : undefined;
  if (made?.type !== 'call_expression') return false;
  const method = made.childForFieldName('function')?.childForFieldName('field')?.text;
  const args = made.childForFieldName('arguments')?.namedChildren ?? [];
  if (method === 'Do') {
    const req = args[0]?.type === 'identifier' ? valueOf(args[0]) : undefined;
    const name = req?.type === 'call_expression' ? callee(file, req) : undefined;
    const reqArgs = req?.childForFieldName('arguments')?.namedChildren ?? [];
    const url = name === 'net/http.NewRequest' ? reqArgs[1] : name === 'net/http.NewRequestWithContext' ? reqArgs[2] : undefined;
    return url !== undefined && url !== null && wholeByClient(file, url);
  }
  return (method === 'Get' || method === 'Post' || method === 'Head' || method === 'PostForm') && args[0] !== undefined && args[0] !== null && wholeByClient(file, args[0]);
}

/** `f` of `f, err := os.Open(path)` where the client chose (part of) the path. */
function fileChosenByClient(file: SyntaxFile, arg: Node): boolean {
  const opened = arg.type === 'identifier' ? valueOf(arg) : undefined;
  const name = opened?.type === 'call_expression' ? callee(file, opened) : undefined;
  const path = opened?.childForFieldName('arguments')?.namedChildren[0];
  return (name === 'os.Open' || name === 'os.OpenFile') && path !== undefined && path !== null && chosenByClient(file, path);
}

/**
 * The reader the call reads to its end into memory: io.ReadAll's argument, and, into a
 * bytes.Buffer, buf.ReadFrom(src) or io.Copy(&buf, src), which are the same thing.
 */
function readerReadWhole(name: string, call: Node): Node | undefined {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (readAll.has(name) || (/\.ReadFrom$/.test(name) && isBytesBuffer(call.childForFieldName('function')?.childForFieldName('operand')))) return args[0] ?? undefined;
  if (name === 'io.Copy' || name === 'io.CopyBuffer') {
    const dst = args[0]?.type === 'unary_expression' && args[0].childForFieldName('operator')?.text === '&' ? args[0].childForFieldName('operand') : args[0];
    return isBytesBuffer(dst) ? (args[1] ?? undefined) : undefined;
  }
  return undefined;
}

/** The handler compares the file's size before reading it (fi.Size() > max): bounded. */
function sizeChecked(file: SyntaxFile, call: Node): boolean {
  const fn = enclosingFunction(call);
  return fn !== undefined && /\.Size\(\)\s*(>|>=|<|<=)|(>|>=|<|<=)\s*[\w.]+\.Size\(\)/.test(file.text.slice(fn.startIndex, call.startIndex));
}

/**
 * The request (its parameter name) when the argument is `r.Body`, or a file uploaded through
 * `r.FormFile` (`upload`), and r is an *http.Request parameter of the function: in both the
 * client chooses the size.
 */
function requestOf(file: SyntaxFile, arg: Node, depth = 0): { name: string; upload: boolean } | undefined {
  // gzip.NewReader(r.Body), bufio.NewReader(r.Body), io.TeeReader(r.Body, h): the body still,
  // (decompressed: larger still), in the call or through a local.
  const wrapped = arg.type === 'identifier' ? valueOf(arg) : arg;
  if (depth < 4 && wrapped?.type === 'call_expression' && wrapping.test(callee(file, wrapped) ?? '')) {
    const inner = wrapped.childForFieldName('arguments')?.namedChildren[0];
    return inner ? requestOf(file, inner, depth + 1) : undefined;
  }
  // body := r.Body; io.ReadAll(body).
  if (depth < 4 && arg.type === 'identifier' && wrapped?.type === 'selector_expression') return requestOf(file, wrapped, depth + 1);
  let m = /^(\w+)\.Body$/.exec(arg.text);
  let uploaded = false;
  if (!m && arg.type === 'identifier') {
    const v = declarationOf(arg)?.node;
    const call = v?.type === 'short_var_declaration' ? v.childForFieldName('right')?.namedChildren[0] : undefined;
    const first = v?.childForFieldName('left')?.namedChildren[0]?.text;
    const upload = call?.type === 'call_expression' ? /^(\w+)\.FormFile$/.exec(call.childForFieldName('function')?.text ?? '') : null;
    if (upload && first === arg.text) m = upload;
    uploaded = m !== null;
  }
  if (!m) return undefined;
  const http = [...file.imports].find(([, path]) => path === 'net/http')?.[0];
  if (!http) return undefined;
  for (let f = enclosingFunction(arg); f; f = enclosingFunction(f)) {
    for (const p of f.childForFieldName('parameters')?.namedChildren ?? []) {
      if (p?.childrenForFieldName('name').some((n) => n?.text === m[1]) && p.childForFieldName('type')?.text === `*${http}.Request`) return { name: m[1], upload: uploaded };
    }
  }
  return undefined;
}

/** A local declared as a bytes.Buffer (var buf bytes.Buffer, new(bytes.Buffer), bytes.NewBuffer(nil)...). */
function isBytesBuffer(recv: Node | null | undefined): boolean {
  const d = recv?.type === 'identifier' ? declarationOf(recv) : undefined;
  const t = d?.type?.text ?? (d?.value?.type === 'unary_expression' || d?.value?.type === 'composite_literal' ? d.value.text : d?.value?.text);
  return t !== undefined && /bytes\.Buffer\b|bytes\.NewBuffer\(/.test(t);
}

/** The body was replaced by a bounded reader before the call, in the same function (which bounds uploads too). */
function isBounded(file: SyntaxFile, call: Node, req: string): boolean {
  const fn = enclosingFunction(call);
  const before = fn ? file.text.slice(fn.startIndex, call.startIndex) : '';
  // r.Body = http.MaxBytesReader(w, r.Body, n), or io.NopCloser(io.LimitReader(r.Body, n)).
  const assigned = new RegExp(`\\b${req}\\.Body\\s*=\\s*[^\\n]*\\b(MaxBytesReader|LimitReader)\\(`);
  return assigned.test(before) || new RegExp(`\\b${req}\\.ParseMultipartForm\\(`).test(before) && /MaxBytesReader/.test(before);
}
