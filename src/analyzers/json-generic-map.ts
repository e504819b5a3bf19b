// json-generic-map: JSON decoded into map[string]any and then read by fixed keys.
import type { Node } from 'web-tree-sitter';
import { callee, enclosingFunction } from '../source/syntax.js';
import { docsUrl, type Analyzer } from './analyzer.js';
import { eachFileOf, report, variable } from './body.js';

const doc = `Reports JSON decoded into map[string]any (or interface{}) whose fields are then read by
fixed keys (m["id"], m["name"]) in the same function, directly or through the map an
interface{} is asserted to (m, ok := evt.(map[string]any)).

Decoding into generic values allocates a map per object and boxes every value in an
interface (numbers become float64 behind a pointer, strings get their own allocation), and
each read needs a type assertion. When the code knows the keys, the shape is known.

Fix: declare a struct with the fields read (json tags for the names) and decode into it.

Not reported: generic decoding with no fixed-key reads (truly schemaless data, passed along or
walked generically).`;

const decoders = new Set(['encoding/json.Unmarshal']);

export const jsonGenericMap: Analyzer = {
  id: 'json-generic-map',
  title: 'JSON decoded into map[string]any and read by fixed keys',
  doc,
  url: docsUrl('json-generic-map'),
  severity: 'info',
  needs: 'bodies',
  run(pass) {
    for (const file of eachFileOf(pass)) {
      for (const call of file.all('call_expression')) {
        const name = callee(file, call);
        const isDecode = name !== undefined && (decoders.has(name) || /\.Decode$/.test(name));
        if (!isDecode) continue;
        const args = call.childForFieldName('arguments')?.namedChildren.filter((n): n is Node => n !== null) ?? [];
        const target = args[args.length - 1];
        const ident = target?.type === 'unary_expression' && target.childForFieldName('operator')?.text === '&' ? target.childForFieldName('operand') : undefined;
        if (!ident || ident.type !== 'identifier') continue;
        if (name !== 'encoding/json.Unmarshal' && !decodesJSON(call)) continue;
        const d = variable(pass, file, ident);
        const t = d?.type?.text.replace(/\s+/g, '') ?? '';
        if (!/^(map\[string\](any|interface\{\})|any|interface\{\})$/.test(t)) continue;
        const keys = fixedKeyReads(ident.text, call);
        if (keys.length === 0) continue;
        report(pass, file, call, {
          message: `${ident.text} (${t}) is decoded from JSON and then read by fixed keys (${keys.slice(0, 3).map((k) => `"${k}"`).join(', ')}${keys.length > 3 ? ', ...' : ''}): a struct with those fields avoids a map and an interface box per value`,
        });
      }
    }
  },
};

/** `x.Decode(...)` where x comes from json.NewDecoder in the same expression or function. */
function decodesJSON(call: Node): boolean {
  const fn = enclosingFunction(call);
  const recv = call.childForFieldName('function')?.childForFieldName('operand')?.text ?? '';
  if (/json\.NewDecoder\(/.test(recv)) return true;
  return fn !== undefined && new RegExp(`\\b${recv.replace(/[^\w]/g, '')}\\s*:?=\\s*json\\.NewDecoder\\(`).test(fn.text);
}

/**
 * String-literal keys read from `name` after the call, in the same function, or from the map
 * it is asserted to (m, ok := evt.(map[string]any)).
 */
function fixedKeyReads(name: string, call: Node): string[] {
  const fn = enclosingFunction(call);
  if (!fn) return [];
  const names = new Set([name, ...assertedMaps(fn, name, call)]);
  const keys = new Set<string>();
  for (const ix of fn.descendantsOfType('index_expression')) {
    if (!ix || ix.startIndex < call.endIndex || !names.has(ix.childForFieldName('operand')?.text ?? '')) continue;
    const key = ix.childForFieldName('index');
    if (key?.type === 'interpreted_string_literal') keys.add(key.text.slice(1, -1));
  }
  return [...keys];
}

/** Variables given `name.(map[string]any)` (or interface{}) after the call. */
function assertedMaps(fn: Node, name: string, call: Node): string[] {
  const out: string[] = [];
  for (const d of fn.descendantsOfType(['short_var_declaration', 'assignment_statement'])) {
    if (!d || d.startIndex < call.endIndex) continue;
    const right = d.childForFieldName('right')?.namedChildren[0];
    if (right?.type !== 'type_assertion_expression' || right.childForFieldName('operand')?.text !== name) continue;
    if (!/^map\[string\](any|interface\{\})$/.test(right.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '')) continue;
    const left = d.childForFieldName('left')?.namedChildren[0];
    if (left?.type === 'identifier' && left.text !== '_') out.push(left.text);
  }
  return out;
}
