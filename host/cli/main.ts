// The `hpa` command line. Each command is a thin call into a library function.
import { Command } from 'commander';
import { register as registerA2l } from './commands/a2l.js';
import { register as registerBench } from './commands/bench.js';
import { register as registerDemo } from './commands/demo.js';
import { register as registerEpisode } from './commands/episode.js';
import { register as registerFmu } from './commands/fmu.js';
import { register as registerHil } from './commands/hil.js';
import { register as registerList } from './commands/list.js';
import { register as registerOta } from './commands/ota.js';
import { register as registerReplay } from './commands/replay.js';
import { register as registerRun } from './commands/run.js';
import { register as registerSchema } from './commands/schema.js';
import { register as registerValidate } from './commands/validate.js';
import { register as registerScore } from './commands/score.js';
import { register as registerReport } from './commands/report.js';
import { register as registerSweep } from './commands/sweep.js';
import { register as registerTest } from './commands/test.js';

const program = new Command('hpa')
  .description('HPA-ECU: L2 highway pilot firmware (Wasm) on a closed-loop bench — scenarios, recall demo, OTA, benchmarks')
  .version('0.1.0')
  .showHelpAfterError();

const commands = [
  registerA2l,
  registerBench,
  registerDemo,
  registerFmu,
  registerHil,
  registerList,
  registerOta,
  registerReplay,
  registerRun,
  registerSchema,
  registerValidate,
  registerEpisode,
  registerScore,
  registerReport,
  registerSweep,
  registerTest,
];
for (const register of commands) register(program);

await program.parseAsync(process.argv);
