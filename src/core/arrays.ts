// `xs.push(...ys)` passes every element of ys as an argument, and V8 overflows the stack at
// about 120,000 of them: one package's compiler facts reach that (redis/go-redis's -json
// diagnostics did). Arrays that grow with the input are appended here instead.
export function pushAll<T>(target: T[], items: readonly T[]): void {
  for (const x of items) target.push(x);
}
