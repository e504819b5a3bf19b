// What the client of an HTTP handler chooses: the request's URL, form, headers and body, and the
// values a handler derives from them through its local variables. Only what the source shows
// for certain (a `*http.Request` parameter, declarations in the function); anything else is not
// the client's, so analyzers that ask stay silent.
import type { Node } from 'web-tree-sitter';
import { callee, type SyntaxFile } from '../source/syntax.js';
import { declarationOf } from '../types/local.js';

/**
 * Parts of a request the server decides, or that carry no size or name the client picks:
 * `r.Context()` flows into every outgoing call of a handler without making it the client's.
 */
const serverSide = new Set(['Context', 'WithContext', 'Method', 'ContentLength', 'Proto', 'ProtoMajor', 'ProtoMinor', 'TLS', 'Close', 'Cancel', 'Response', 'RemoteAddr', 'Clone']);

/** Calls that bound or consume what they read: what comes out is no longer of the client's size (the read itself is reported where it happens). */
const stopsFlow = new Set(['io.LimitReader', 'net/http.MaxBytesReader', 'io.ReadAll', 'io/ioutil.ReadAll', 'os.ReadFile', 'io/ioutil.ReadFile']);

/** Functions that hand their first argument on whole (parsed or trimmed, still the client's value). */
const passThrough = new Set(['net/url.Parse', 'net/url.ParseRequestURI', 'net/url.QueryUnescape', 'net/url.PathUnescape', 'strings.TrimSpace']);

/** The identifier names a `*http.Request` parameter (or receiver) of an enclosing function. */
export function isRequest(file: SyntaxFile, ident: Node): boolean {
  const http = [...file.imports].find(([, path]) => path === 'net/http')?.[0];
  if (!http) return false;
  const d = declarationOf(ident);
  return d?.node.type === 'parameter_declaration' && d.type?.text === `*${http}.Request`;
}

/**
 * The client chose (part of) the value: the expression reads the request (r.URL.Path,
 * r.FormValue("f"), r.Header, r.Body...), directly or through local variables declared from it
 * (name := filepath.Base(r.URL.Path)).
 */
export function chosenByClient(file: SyntaxFile, expr: Node, depth = 0): boolean {
  if (depth > 8 || expr.type === 'func_literal') return false;
  if (expr.type === 'identifier') return identifierChosen(file, expr, depth);
  if (expr.type === 'call_expression') {
    const name = callee(file, expr);
    if (name && stopsFlow.has(name)) return false;
  }
  // templates[name] is the server's value, whichever key the client picked; parts[0] of the
  // client's parts is the client's.
  if (expr.type === 'index_expression') {
    const operand = expr.childForFieldName('operand');
    return operand !== null && chosenByClient(file, operand, depth);
  }
  return expr.namedChildren.some((c) => c !== null && chosenByClient(file, c, depth));
}

function identifierChosen(file: SyntaxFile, ident: Node, depth: number): boolean {
  if (isRequest(file, ident)) {
    // The request itself passed around is not a value; a client-controlled part of it is.
    const p = ident.parent;
    return p?.type === 'selector_expression' && p.childForFieldName('operand')?.startIndex === ident.startIndex && !serverSide.has(p.childForFieldName('field')?.text ?? '');
  }
  const v = valueOf(ident);
  return v !== undefined && chosenByClient(file, v, depth + 1);
}

/**
 * The client chose the whole value, not just a part of it: `r.URL.Query().Get("url")`,
 * `r.Header.Get("X-Callback")`, or a local declared from one (parsed by url.Parse at most).
 * A URL built from a fixed prefix and a client's ID is the server's URL, not the client's.
 */
export function wholeByClient(file: SyntaxFile, expr: Node, depth = 0): boolean {
  if (depth > 8) return false;
  switch (expr.type) {
    case 'parenthesized_expression':
      return expr.namedChildren[0] ? wholeByClient(file, expr.namedChildren[0], depth + 1) : false;
    case 'identifier': {
      if (isRequest(file, expr)) return false;
      const v = valueOf(expr);
      return v !== undefined && wholeByClient(file, v, depth + 1);
    }
    case 'call_expression': {
      const name = callee(file, expr);
      const first = expr.childForFieldName('arguments')?.namedChildren[0];
      if (name && passThrough.has(name)) return first ? wholeByClient(file, first, depth + 1) : false;
      break;
    }
  }
  // A chain of selectors, calls and indexes rooted at the request or at a whole value:
  // r.URL.Query().Get("u"), q.Get("u"), u.String().
  let root: Node | null = expr;
  let firstField: string | undefined;
  while (root && (root.type === 'selector_expression' || root.type === 'call_expression' || root.type === 'index_expression')) {
    if (root.type === 'selector_expression') firstField = root.childForFieldName('field')?.text;
    root = root.type === 'call_expression' ? root.childForFieldName('function') : root.childForFieldName('operand');
  }
  if (!root || root === expr || root.type !== 'identifier') return false;
  if (isRequest(file, root)) return firstField !== undefined && !serverSide.has(firstField);
  const v = valueOf(root);
  return v !== undefined && wholeByClient(file, v, depth + 1);
}

/**
 * The expression a local variable was declared with: its own value, the call of a
 * multi-value declaration (`resp, err := http.Get(u)` gives resp the call), or the ranged-over
 * expression of a range variable.
 */
export function valueOf(ident: Node): Node | undefined {
  const d = declarationOf(ident);
  if (!d) return undefined;
  if (d.value) return d.value;
  if (d.node.type === 'range_clause') return d.node.childForFieldName('right') ?? undefined;
  const right = d.node.type === 'short_var_declaration' ? d.node.childForFieldName('right') : d.node.type === 'var_spec' ? d.node.childForFieldName('value') : undefined;
  const values = right?.namedChildren ?? [];
  return values.length === 1 && values[0]?.type === 'call_expression' ? values[0] : undefined;
}
