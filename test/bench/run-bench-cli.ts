// Runs `hpa bench` through its commander registration alone, so the bench command can be tested
// in a child process without the rest of the CLI (argv: the same words as after `hpa`).
import { Command } from 'commander';
import { register } from '../../host/cli/commands/bench.js';

const program = new Command('hpa').exitOverride();
register(program);
await program.parseAsync(process.argv);
