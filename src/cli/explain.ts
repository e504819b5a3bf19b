// `heapwise analyzers` and `heapwise explain <id>`: the analyzers' own documentation.
import type { Command } from 'commander';
import { analyzerById, analyzers } from '../analyzers/index.js';
import { UsageError } from '../core/errors.js';

export function analyzersCommand(program: Command): void {
  program
    .command('analyzers')
    .description('list the analyzers')
    .action(() => {
      const width = Math.max(...analyzers.map((a) => a.id.length));
      for (const a of analyzers) process.stdout.write(`${a.id.padEnd(width)}  ${a.title}\n`);
    });
}

export function explainCommand(program: Command): void {
  program
    .command('explain')
    .description("print an analyzer's documentation")
    .argument('<id>', 'analyzer id')
    .action((id: string) => {
      const a = analyzerById(id);
      if (!a) throw new UsageError(`unknown analyzer "${id}"; \`heapwise analyzers\` lists them`);
      process.stdout.write(`${a.id}: ${a.title}\n\n${a.doc}\n\n${a.url}\n`);
    });
}
