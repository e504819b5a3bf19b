// Renders a struct's field list in a new order, keeping each field's doc comment, line
// comment, tag and embedding, and aligning columns the way gofmt does (so the fixed file is
// already gofmt-clean). fieldalignment's own fix drops all comments.
import type { FieldDecl, StructDecl } from '../source/model.js';

interface Item {
  field: FieldDecl;
  /** Which of the field's names (a multi-name field is split when its names part ways). */
  names: string[];
}

/**
 * `order` lists indexes of the flattened fields (one per name, embedded fields count one).
 * Returns the text replacing the struct's `{...}`.
 */
export function renderReordered(decl: StructDecl, order: number[]): string {
  const flat: { field: FieldDecl; name: string; fieldIndex: number }[] = [];
  decl.fields.forEach((field, fieldIndex) => {
    if (field.names.length === 0) flat.push({ field, name: '', fieldIndex });
    for (const name of field.names) flat.push({ field, name, fieldIndex });
  });
  // Regroup names of one declaration that stay adjacent and in their original order.
  const items: Item[] = [];
  for (const i of order) {
    const f = flat[i]!;
    const last = items[items.length - 1];
    const prevIndex = last ? flat.findIndex((x) => x.field === last.field && x.name === last.names[last.names.length - 1]) : -1;
    if (last && last.field === f.field && f.name !== '' && prevIndex === i - 1) last.names.push(f.name);
    else items.push({ field: f.field, names: f.name === '' ? [] : [f.name] });
  }
  const plain = items.every((it) => it.field.doc.length === 0 && it.field.lineComment === undefined);
  if (!decl.multiline && plain && decl.trailingComments.length === 0 && decl.openingComment === undefined) {
    return `{ ${items.map((it) => fieldText(it).join(' ')).join('; ')} }`;
  }
  const indent = '\t'.repeat(Math.max(0, decl.closeColumn - 1));
  const lines: (string | string[])[] = [];
  items.forEach((it, n) => {
    // The first field keeps its doc comment; each part of a split multi-name field is one line.
    if (it.names.length === 0 || it.names[0] === it.field.names[0] || n === 0) lines.push(...it.field.doc);
    const cells = fieldText(it);
    if (it.field.lineComment !== undefined && isFirstPart(it)) cells.push(it.field.lineComment);
    lines.push(cells);
  });
  lines.push(...decl.trailingComments);
  const opening = decl.openingComment !== undefined ? ` ${decl.openingComment}` : '';
  return `{${opening}\n${align(lines).map((l) => (l === '' ? '' : `${indent}\t${l}`)).join('\n')}\n${indent}}`;
}

function isFirstPart(it: Item): boolean {
  return it.names.length === 0 || it.names[0] === it.field.names[0];
}

/** The cells gofmt aligns: names, type, tag. An embedded field is its type alone. */
function fieldText(it: Item): string[] {
  const f = it.field;
  const typeText = embeddedTypeText(f);
  const cells = it.names.length === 0 ? [typeText] : [it.names.join(', '), typeText];
  if (f.tag !== undefined) cells.push(f.tag);
  return cells;
}

function embeddedTypeText(f: FieldDecl): string {
  if (f.names.length > 0) return f.typeText;
  // For an embedded field the declaration text (minus tag) is the type, with its `*` if any.
  const tagAt = f.tag !== undefined ? f.text.lastIndexOf(f.tag) : -1;
  return (tagAt >= 0 ? f.text.slice(0, tagAt) : f.text).trim();
}

/**
 * Column alignment as gofmt does it (text/tabwriter underneath): a cell is padded to the widest
 * cell of its column among the consecutive lines that have a cell after it. A comment line has
 * a single cell, so it ends every column block.
 */
function align(lines: (string | string[])[]): string[] {
  const rows = lines.map((l) => (typeof l === 'string' ? [l] : l));
  const widths: number[][] = rows.map((r) => r.map(() => 0));
  const fill = (col: number, from: number, to: number) => {
    let start = from;
    while (start < to) {
      if (rows[start]!.length <= col + 1) {
        start++;
        continue;
      }
      let end = start;
      let w = 0;
      while (end < to && rows[end]!.length > col + 1) {
        w = Math.max(w, width(rows[end]![col]!));
        end++;
      }
      for (let i = start; i < end; i++) widths[i]![col] = w;
      fill(col + 1, start, end);
      start = end;
    }
  };
  fill(0, 0, rows.length);
  return rows.map((r, i) =>
    r.map((cell, c) => (c < r.length - 1 ? cell + ' '.repeat(widths[i]![c]! - width(cell) + 1) : cell)).join(''),
  );
}

function width(s: string): number {
  return [...s].length;
}
