// Functions and their loops, for analyzers that look at what runs once per iteration (string
// building, appends, defers, timers in a loop). Extracted only in the `all` parse mode.
import type { Node } from 'web-tree-sitter';
import type { FuncInfo, LoopInfo, Pos, StatementInfo } from './model.js';

export function extractFunctions(root: Node, pos: (index: number) => Pos, offset: (index: number) => number): FuncInfo[] {
  const out: FuncInfo[] = [];
  for (const node of root.namedChildren) {
    if (!node || (node.type !== 'function_declaration' && node.type !== 'method_declaration')) continue;
    const body = node.childForFieldName('body');
    const recvType = node.childForFieldName('receiver')?.descendantsOfType('type_identifier')[0]?.text;
    const fn: FuncInfo = {
      name: node.childForFieldName('name')?.text ?? '',
      receiver: recvType,
      pos: pos(node.startIndex),
      bodyStart: body ? offset(body.startIndex) : -1,
      bodyEnd: body ? offset(body.endIndex) : -1,
      loops: [],
    };
    if (body) fn.loops = loopsIn(body, pos, offset);
    out.push(fn);
  }
  return out;
}

/** Loops in `scope`, outermost first, each with the loops nested in it. */
function loopsIn(scope: Node, pos: (index: number) => Pos, offset: (index: number) => number): LoopInfo[] {
  const all = scope.descendantsOfType('for_statement').filter((n): n is Node => n !== null);
  const byStart = new Map<number, LoopInfo>();
  const top: LoopInfo[] = [];
  for (const n of all) {
    const loop = loopInfo(n, pos, offset);
    byStart.set(n.startIndex, loop);
    let p = n.parent;
    while (p && p.type !== 'for_statement' && p.startIndex !== scope.startIndex) p = p.parent;
    const outer = p?.type === 'for_statement' ? byStart.get(p.startIndex) : undefined;
    (outer ? outer.loops : top).push(loop);
  }
  return top;
}

function loopInfo(n: Node, pos: (index: number) => Pos, offset: (index: number) => number): LoopInfo {
  const range = n.namedChildren.find((c) => c?.type === 'range_clause');
  const clause = n.namedChildren.find((c) => c?.type === 'for_clause');
  const body = n.childForFieldName('body');
  const statements: StatementInfo[] = [];
  const list = body?.namedChildren.find((c) => c?.type === 'statement_list');
  for (const s of list?.namedChildren ?? []) {
    if (!s || s.type === 'comment') continue;
    statements.push({ kind: s.type, pos: pos(s.startIndex), end: offset(s.endIndex), text: s.text });
  }
  return {
    kind: range ? 'range' : clause ? 'for' : 'condition',
    pos: pos(n.startIndex),
    rangeOver: range?.childForFieldName('right')?.text,
    header: body ? n.text.slice(0, body.startIndex - n.startIndex).trim() : n.text,
    bodyStart: body ? offset(body.startIndex) : -1,
    bodyEnd: body ? offset(body.endIndex) : -1,
    statements,
    loops: [],
  };
}
