// The escape analyzer's choice of findings, on the cause fixtures compiled by the installed Go.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectEscapes, type EscapeReport } from '../escape/collect.js';
import { worthFixing } from './escape.js';

const fixture = path.resolve(import.meta.dirname, '../../test/fixtures/escape');
let report: EscapeReport;

beforeAll(async () => {
  report = await collectEscapes({ dir: fixture, patterns: ['./...'] });
});

describe('worthFixing', () => {
  it('keeps allocations in loops and the only one of a function', () => {
    const chosen = worthFixing(report.escapes);
    const at = (line: number) => chosen.filter((e) => e.line === line);
    // In a loop: both allocations of `out = append(out, &T{i, i})`.
    expect(at(96)).toHaveLength(2);
    // The only allocation of Returned.
    expect(at(18).map((e) => e.function)).toEqual(['Returned']);
    // Closure has two (the variable and the func literal): neither is the only one.
    expect(at(46).concat(at(47))).toEqual([]);
    // Lookup's error is made in a return statement in its loop: once, when the loop stops.
    expect(report.escapes.filter((e) => e.line === 128).map((e) => [e.inLoop, e.onExit])).toEqual([
      [true, 'return'],
      [true, 'return'],
    ]);
    expect(at(128)).toEqual([]);
    // MustPositive's only allocation is the value it panics with: an exceptional path.
    expect(report.escapes.filter((e) => e.line === 140).map((e) => [e.function, e.onExit])).toEqual([['MustPositive', 'panic']]);
    expect(at(140)).toEqual([]);
    // Stack[T].Push's node, reported in the body and again at the declaration (line 154) for
    // Stack[string]'s wrapper: one finding, in the body.
    expect(report.escapes.filter((e) => e.line === 154).map((e) => [e.atDeclaration, e.expr])).toEqual([[true, '&node[go.shape.string]{...}']]);
    expect(at(154)).toEqual([]);
    expect(at(155).map((e) => e.expr)).toEqual(['&node[go.shape.string]{...}']);
    // Appends onto a slice the function did not make: a field, a parameter, what a parameter
    // points to (in a loop too). Listed by heapwise escapes, not findings.
    expect([167, 171, 176].map((l) => report.escapes.filter((e) => e.line === l).map((e) => [e.kind, e.appendsTo]))).toEqual([
      [['append', 'other']],
      [['append', 'other']],
      [['append', 'other']],
    ]);
    expect([...at(167), ...at(171), ...at(176)]).toEqual([]);
    // InLoop's `var out []*T` is made in the function: its growth is reported.
    expect(report.escapes.filter((e) => e.line === 96 && e.kind === 'append').map((e) => e.appendsTo)).toEqual(['fresh-local']);
    // Decisions outside the module's files never count.
    expect(chosen.every((e) => !path.isAbsolute(e.file) && !e.file.startsWith('<'))).toBe(true);
  });
});
