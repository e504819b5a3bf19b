// Why a value ends up on the heap, in plain words, and the change that usually keeps it on the
// stack. Written once: the CLI's text and JSON, and later the HTML report, read it from here.

export type CauseId =
  | 'returned'
  | 'stored-global'
  | 'stored-map'
  | 'stored-slice'
  | 'stored-heap-object'
  | 'interface-conversion'
  | 'closure-capture'
  | 'sent-on-channel'
  | 'goroutine'
  | 'method-value'
  | 'too-large'
  | 'non-constant-size'
  | 'not-stack-allocatable'
  | 'reflection'
  | 'call-interface-or-func'
  | 'leaking-callee'
  | 'unknown';

export interface CauseText {
  /** One line: what happened, `{callee}` and `{target}` are filled in when known. */
  summary: string;
  explanation: string;
  fix: string;
}

export const causes: Record<CauseId, CauseText> = {
  returned: {
    summary: 'it is returned to the caller (through a pointer, slice, map, interface or closure that refers to it)',
    explanation:
      'The function returns a pointer to it (or to something that contains it), so it must outlive the call; the compiler allocates it on the heap unless the function is inlined into a caller where it does not escape.',
    fix: 'Return the value instead of a pointer, or let the caller pass in the memory to fill (func f(dst *T)); keeping the function small enough to inline also lets the caller keep it on its stack.',
  },
  'stored-global': {
    summary: 'it is stored in the package-level variable {target}',
    explanation: 'A package-level variable lives for the whole program, so whatever it points to must be on the heap.',
    fix: 'Keep the value local and pass it where it is needed, or store a copy of the value rather than a pointer to it.',
  },
  'stored-map': {
    summary: 'it is stored in the map {target}',
    explanation: 'Map entries live in the map\'s heap-allocated buckets; storing a pointer there makes the pointed-to value outlive the function.',
    fix: 'Store values (map[K]T) rather than pointers (map[K]*T) when T is small and not shared.',
  },
  'stored-slice': {
    summary: 'it is stored in an element of the slice {target}',
    explanation: 'The compiler cannot prove the slice\'s backing array is on the stack, so anything stored in it must be on the heap.',
    fix: 'Store values ([]T) rather than pointers ([]*T), or keep the slice local to the function with a constant size.',
  },
  'stored-heap-object': {
    summary: 'it is stored through a pointer into {target}',
    explanation:
      'Assigning it to a field or element reached through a pointer stores it in memory the compiler cannot prove is on this stack frame, so it must go to the heap.',
    fix: 'Store a value copy instead of a pointer, or restructure so the receiving object is itself local.',
  },
  'interface-conversion': {
    summary: 'it is converted to an interface {target}',
    explanation:
      'Putting a non-pointer value into an interface needs the value in memory of its own; when the interface reaches a callee the compiler cannot see into (fmt\'s ...any arguments, methods called through interfaces), that memory goes to the heap. Small integers (0-255), single-byte strings, zero-size values and pointers do not allocate.',
    fix: 'On hot paths, avoid fmt with scalar arguments (strconv.AppendInt, strings.Builder, append to a reused []byte), or pass a pointer-shaped value; use concrete types instead of any where you can.',
  },
  'closure-capture': {
    summary: 'it is captured by reference by a closure that escapes',
    explanation:
      'A function literal that outlives the function (returned, stored, started as a goroutine) keeps the variables it captures by reference alive, so they move to the heap together with the closure.',
    fix: 'Pass the value to the function literal as an argument, copy it into a local inside the literal, or avoid letting the closure escape.',
  },
  'sent-on-channel': {
    summary: 'it is sent on a channel',
    explanation: 'Whatever is sent on a channel may be received by another goroutine at any later time, so pointers sent on channels always point to the heap.',
    fix: 'Send values instead of pointers when they are small, or reuse pooled objects.',
  },
  goroutine: {
    summary: 'it is started as a goroutine (or deferred beyond the frame)',
    explanation: 'A goroutine can outlive the function that started it, so its closure and everything captured by reference goes to the heap.',
    fix: 'Pass what the goroutine needs as arguments to a named function (go worker(x)), or start fewer goroutines (a worker pool).',
  },
  'method-value': {
    summary: 'it is a method value (x.M without a call) that escapes',
    explanation: 'A method value binds its receiver into a new closure; when that closure escapes it is heap allocated.',
    fix: 'Call the method directly, or pass a function literal or an interface instead of storing the method value.',
  },
  'too-large': {
    summary: 'it is too large for the stack',
    explanation:
      'The compiler keeps variables larger than 128 KiB, and implicit allocations (new, &T{}, make with a constant size) larger than 64 KiB, off the stack.',
    fix: 'Allocate it once and reuse it (a field of a long-lived object, a sync.Pool), or make it smaller.',
  },
  'non-constant-size': {
    summary: 'its size is not known at compile time',
    explanation:
      'make with a length that is not a constant cannot be placed in a fixed stack frame. Since Go 1.25 the compiler gives such slices a 32-byte stack buffer and allocates only beyond it.',
    fix: 'Use a constant capacity when you know a bound (make([]T, n, 64)), or reuse a buffer across calls.',
  },
  'not-stack-allocatable': {
    summary: 'the compiler never places it on the stack ({target})',
    explanation: 'Some values cannot live on the stack at all: over-aligned types and makes of zero-size elements.',
    fix: 'Usually none needed: check whether the allocation matters in a profile first.',
  },
  reflection: {
    summary: 'it is passed to reflection ({callee})',
    explanation: 'The reflect package stores values in interfaces and unsafe pointers the compiler cannot track, so what reaches it escapes.',
    fix: 'Use typed code on hot paths (code generation, generics), or cache reflect.Type and reflect.Value work outside loops.',
  },
  'call-interface-or-func': {
    summary: 'it is passed to {callee}, a call through an interface or func value the compiler cannot see into',
    explanation:
      'When the callee is only known at run time (an interface method or a func value), the compiler must assume it keeps its arguments, so pointers passed to it escape.',
    fix: 'Call a concrete type or function where you can, or pass values instead of pointers.',
  },
  'leaking-callee': {
    summary: 'it is passed to {callee}, which keeps it (leaking parameter)',
    explanation:
      'The callee stores or returns its parameter, so the compiler marks the parameter as leaking and every caller\'s argument escapes. When the callee is not inlined its body cannot be analysed in the caller\'s context.',
    fix: 'Change the callee not to keep the pointer (copy what it needs), make it small enough to inline, or pass a value.',
  },
  unknown: {
    summary: 'the compiler did not say why',
    explanation: 'heapwise could not tell the reason from the compiler\'s explanation; the steps below are what it printed.',
    fix: 'Read the steps; `go build -gcflags=-m=2` shows the same flow.',
  },
};

export function causeSummary(id: CauseId, fill: { callee?: string; target?: string }): string {
  return causes[id].summary
    .replace('{callee}', fill.callee ?? 'a callee')
    .replace('{target}', fill.target ?? 'a heap object');
}

/** The compiler's notes on flow edges, in words. */
const whyWords: Record<string, string> = {
  'address-of': 'its address is taken',
  return: 'returned',
  assign: 'assigned',
  'assign-pair': 'assigned',
  spill: 'allocated',
  'call parameter': 'passed as an argument',
  'interface-converted': 'converted to an interface',
  'captured by a closure': 'captured by a closure',
  reference: 'referenced',
  send: 'sent on a channel',
  'too large for stack': 'too large for the stack',
  'slice-literal-element': 'put into a slice literal',
  'struct literal element': 'put into a struct literal',
  'array literal element': 'put into an array literal',
  'map literal key': 'used as a map literal key',
  'map literal value': 'used as a map literal value',
  'key of map put': 'used as a map key',
  'dot of pointer': 'read through a pointer',
  dot: 'field selected',
  indirection: 'dereferenced',
  'appendee slice': 'appended to',
  'call argument': 'passed as an argument',
  'callee operand': 'called',
  go: 'started as a goroutine',
  defer: 'deferred',
  slice: 'sliced',
  'copied slice': 'copied',
  range: 'ranged over',
};

export function stepMessage(expr: string, why: string): string {
  return `${expr}: ${whyWords[why] ?? why}`;
}
