// Causes the installed compiler cannot show (older formats) and the refusal to guess.
import { describe, expect, it } from 'vitest';
import { classify, type PackageNames } from './classify.js';
import type { FlowStep, HeapDecision } from './model.js';

const names: PackageNames = {
  globals: new Set(['cache']),
  methods: new Set(['Get']),
  interfaces: new Set(),
  funcTypes: new Set(),
  typeOf: () => undefined,
  inlinedCallAt: () => undefined,
  lineText: () => '',
  freshSlice: () => false,
};

function decision(kind: 'moved' | 'escapes', expr: string, steps: Partial<FlowStep>[]): HeapDecision {
  return {
    file: '/m/x.go',
    line: 3,
    column: 2,
    kind,
    expr,
    pkg: 'm',
    steps: steps.map((s) => ({ file: '/m/x.go', line: 3, column: 2, expr: '', why: '', flow: '', ...s })),
  };
}

describe('classify', () => {
  it('reads the reason older compilers gave for a make of non-constant size', () => {
    const d = decision('escapes', 'make([]byte, n)', [{ expr: 'make([]byte, n)', why: 'non-constant size', flow: '{heap} ← &{storage for make([]byte, n)}' }]);
    expect(classify(d, names)).toMatchObject({ cause: 'non-constant-size', allocKind: 'make' });
  });

  it('says unknown when the compiler gave no flow and the expression does not tell', () => {
    expect(classify(decision('escapes', 'x', []), names).cause).toBe('unknown');
    expect(classify(decision('escapes', '&T{}', [{ expr: '&T{}', why: 'a note from a future Go', flow: 'somewhere ← x' }]), names).cause).toBe('unknown');
  });

  it('names a package-level variable as the store target', () => {
    const d = decision('escapes', 'new(T)', [
      { expr: 'new(T)', why: 'spill', flow: '{heap} ← &{storage for new(T)}' },
      { expr: 'cache = new(T)', why: 'assign', flow: '{heap} ← &{storage for new(T)}' },
    ]);
    expect(classify(d, names)).toMatchObject({ cause: 'stored-global', target: 'cache', allocKind: 'new' });
  });
});
