// A type written in a function body or signature (a tree-sitter node) as a TypeExpr the
// resolver can size. Only the shapes that matter for sizes; anything else is 'unknown'.
import type { Node } from 'web-tree-sitter';
import type { TypeExpr } from '../source/model.js';

export function typeExprOf(node: Node): TypeExpr {
  switch (node.type) {
    case 'type_identifier':
      return { k: 'name', name: node.text };
    case 'qualified_type':
      return { k: 'qual', pkg: node.childForFieldName('package')?.text ?? '', name: node.childForFieldName('name')?.text ?? '' };
    case 'pointer_type':
      return { k: 'pointer' };
    case 'slice_type':
      return { k: 'slice' };
    case 'map_type':
      return { k: 'map' };
    case 'channel_type':
      return { k: 'chan' };
    case 'function_type':
      return { k: 'func' };
    case 'interface_type':
      return { k: 'interface', empty: node.namedChildCount === 0 };
    case 'parenthesized_type': {
      const inner = node.namedChildren[0];
      return inner ? typeExprOf(inner) : { k: 'unknown', text: node.text };
    }
    case 'array_type': {
      const len = node.childForFieldName('length');
      const elem = node.childForFieldName('element');
      if (len?.type === 'int_literal' && elem) return { k: 'array', len: { k: 'int', text: len.text }, elem: typeExprOf(elem) };
      if (len?.type === 'identifier' && elem) return { k: 'array', len: { k: 'ident', name: len.text }, elem: typeExprOf(elem) };
      return { k: 'unknown', text: node.text };
    }
  }
  return { k: 'unknown', text: node.text };
}
