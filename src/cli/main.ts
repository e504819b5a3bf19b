#!/usr/bin/env node
// heapwise's command line: parse arguments, call the library, render, set the exit code.
// User mistakes end as one line on stderr and exit code 2; findings at or above --fail-on, 1.
import { Command, CommanderError } from 'commander';
import { isUserError } from '../core/errors.js';
import { trace } from '../core/trace.js';
import { heapwiseVersion } from '../core/version.js';

const program = new Command()
  .name('heapwise')
  .description('A memory doctor for Go services: finds, explains, measures and fixes memory waste.')
  .version(heapwiseVersion)
  .exitOverride()
  // Usage mistakes are one line, like every other error: `heapwise: <what>`.
  .configureOutput({ outputError: (s, write) => write(`heapwise: ${s.replace(/^error: /, '')}`) });

// Each command's module is loaded only when that command runs: their imports (the analyzers,
// the parser, the report, the profile decoder...) are most of the start-up time, which matters
// beside a compile that takes a second. Help and anything unknown load them all.
type Register = (program: Command) => void;
const commands: Record<string, () => Promise<Register[]>> = {
  analyze: async () => [(await import('./analyze.js')).analyzeCommand],
  escapes: async () => [(await import('./escapes.js')).escapesCommand],
  fix: async () => [(await import('./fix.js')).fixCommand],
  bench: async () => [(await import('./bench.js')).benchCommand],
  gc: async () => [(await import('./gc.js')).gcCommand],
  profile: async () => [(await import('./profile.js')).profileCommand],
  analyzers: async () => [(await import('./explain.js')).analyzersCommand],
  explain: async () => [(await import('./explain.js')).explainCommand],
};
const chosen = Object.hasOwn(commands, process.argv[2] ?? '') ? commands[process.argv[2]!]! : undefined;
const registers = chosen ? await chosen() : (await Promise.all(Object.values(commands).map((load) => load()))).flat();
for (const register of registers) register(program);

trace('cli loaded');
// A reader that stops early (heapwise analyzers | head) closes the pipe: stop quietly, as the
// Unix tools do, instead of dying on the write with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});
try {
  await program.parseAsync(process.argv);
  trace('done');
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version end here too, with exit code 0.
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else if (isUserError(e)) {
    process.stderr.write(`heapwise: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    throw e;
  }
}
