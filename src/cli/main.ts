#!/usr/bin/env node
// heapwise's command line: parse arguments, call the library, render, set the exit code.
// User mistakes end as one line on stderr and exit code 2; findings at or above --fail-on, 1.
import { Command, CommanderError } from 'commander';
import { isUserError } from '../core/errors.js';
import { trace } from '../core/trace.js';
import { heapwiseVersion } from '../core/version.js';
import { analyzeCommand } from './analyze.js';
import { benchCommand } from './bench.js';
import { escapesCommand } from './escapes.js';
import { analyzersCommand, explainCommand } from './explain.js';
import { fixCommand } from './fix.js';
import { gcCommand } from './gc.js';
import { profileCommand } from './profile.js';

const program = new Command()
  .name('heapwise')
  .description('A memory doctor for Go services: finds, explains, measures and fixes memory waste.')
  .version(heapwiseVersion)
  .exitOverride()
  // Usage mistakes are one line, like every other error: `heapwise: <what>`.
  .configureOutput({ outputError: (s, write) => write(`heapwise: ${s.replace(/^error: /, '')}`) });

analyzeCommand(program);
escapesCommand(program);
fixCommand(program);
benchCommand(program);
gcCommand(program);
profileCommand(program);
analyzersCommand(program);
explainCommand(program);

trace('cli loaded');
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
