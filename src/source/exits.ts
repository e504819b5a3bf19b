// Calls after which a Go function does not go on: the program stops or the goroutine unwinds.
// The loop analyzers (a node on the way out of the function runs once) and the escape sites (an
// allocation in a panic is an exceptional path) read the same list.
export const exitCallNames = String.raw`panic|os\.Exit|log\.(?:Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln)`;
