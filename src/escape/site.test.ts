import { describe, expect, it } from 'vitest';
import { exitStatement, expressionEnd, exprStart } from './site.js';

// Columns as the compiler gives them: 1-based bytes; calls are placed at their `(`.
describe('expressionEnd', () => {
  it('spans a name or an expression printed as written', () => {
    expect(expressionEnd('\tt := T{1, 2}', 1, 't')).toBe(3);
    expect(expressionEnd('\tfmt.Println(n)', 13, 'n')).toBe(15);
  });
  it('matches brackets for shortened forms', () => {
    expect(expressionEnd('\treturn &T{1, 2}', 8, '&T{...}')).toBe(17);
    expect(expressionEnd('\tx := new(T)', 9, 'new(T)')).toBe(13);
    expect(expressionEnd('\treturn func() int { x++; return x }', 8, 'func literal')).toBe(37);
  });
  it('is null when the expression does not end on the line', () => {
    expect(expressionEnd('\tgo func() {', 4, 'func literal')).toBeNull();
  });
});

describe('exprStart', () => {
  it('finds where a selector or a call starts when the compiler points inside it', () => {
    // fmt.Sprintf("%s", e.Method): the compiler's column is the dot.
    const line = '\t\tkey := fmt.Sprintf("%s %s", e.Method, e.Route)';
    expect(exprStart(line, 31, 'e.Method')).toBe(31);
    expect(expressionEnd(line, 31, 'e.Method')).toBe(39);
    expect(exprStart('\tx := new(T)', 9, 'new(T)')).toBe(7);
    expect(exprStart('\tt := T{1, 2}', 1, 't')).toBeNull();
  });
});

describe('exitStatement', () => {
  it('tells a return or a panic written on the line from the rest', () => {
    expect(exitStatement('\t\t\treturn 0, fmt.Errorf("empty key at %d", i)', 23)).toBe('return');
    expect(exitStatement('\t\tpanic(&T{n, 0})', 8)).toBe('panic');
    expect(exitStatement('\tlog.Fatalf("bad %v", v)', 18)).toBe('panic');
    expect(exitStatement('\tout = append(out, &T{})', 19)).toBeNull();
    // A func literal's body runs later, not on the way out.
    expect(exitStatement('\treturn func() *T { return &T{} }', 28)).toBeNull();
    expect(exitStatement('\treturn func() *T { return &T{} }', 8)).toBe('return');
    // returnValue is a name, not the keyword.
    expect(exitStatement('\treturnValue := &T{}', 16)).toBeNull();
  });
});
