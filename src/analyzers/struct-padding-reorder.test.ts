import { describe, expect, it } from 'vitest';
import type { FieldDecl, StructDecl } from '../source/model.js';
import { renderReordered } from './struct-padding-reorder.js';

function field(names: string[], typeText: string, extra: Partial<FieldDecl> = {}): FieldDecl {
  const tag = extra.tag ? ` ${extra.tag}` : '';
  return {
    names,
    typeText,
    type: { k: 'name', name: typeText },
    start: 0,
    end: 0,
    text: `${names.length ? `${names.join(', ')} ` : ''}${typeText}${tag}`,
    doc: [],
    ...extra,
  };
}

function struct(fields: FieldDecl[], extra: Partial<StructDecl> = {}): StructDecl {
  return {
    name: 'T',
    pos: { line: 1, column: 1, offset: 0 },
    bodyStart: 0,
    bodyEnd: 0,
    multiline: true,
    closeColumn: 1,
    fields,
    trailingComments: [],
    scope: -1,
    doc: [],
    ...extra,
  };
}

describe('renderReordered', () => {
  it('moves doc and line comments and tags with their fields, aligned like gofmt', () => {
    const decl = struct([
      field(['Active'], 'bool', { doc: ['// Active says so.'], tag: '`json:"active"`' }),
      field(['ID'], 'int64', { tag: '`json:"id"`', lineComment: '// key' }),
    ]);
    expect(renderReordered(decl, [1, 0])).toBe(
      ['{', '\tID int64 `json:"id"` // key', '\t// Active says so.', '\tActive bool `json:"active"`', '}'].join('\n'),
    );
  });

  it('keeps a multi-name field together when its names stay adjacent, splits it otherwise', () => {
    const decl = struct([field(['a', 'b'], 'bool'), field(['n'], 'int64')]);
    expect(renderReordered(decl, [2, 0, 1])).toBe('{\n\tn    int64\n\ta, b bool\n}');
    expect(renderReordered(decl, [1, 2, 0])).toBe('{\n\tb bool\n\tn int64\n\ta bool\n}');
  });

  it('keeps embedded fields and a one-line struct on one line', () => {
    const decl = struct([field([], '*Base', { embeddedName: 'Base' }), field(['ok'], 'bool')], { multiline: false });
    expect(renderReordered(decl, [1, 0])).toBe('{ ok bool; *Base }');
  });

  it('indents nested structs and keeps comments after the last field', () => {
    const decl = struct([field(['a'], 'bool'), field(['b'], 'int64')], { closeColumn: 2, trailingComments: ['// end'] });
    expect(renderReordered(decl, [1, 0])).toBe('{\n\t\tb int64\n\t\ta bool\n\t\t// end\n\t}');
  });
});
