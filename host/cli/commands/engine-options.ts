// The job-engine options shared by `hpa sweep`, `hpa test`, `hpa campaign` and `hpa validate`.
import { availableParallelism } from 'node:os';
import { UserError } from '../../app/user-error.js';

/** More threads than this per core only share the cores: each one costs its start-up (~0.2 s of
 * CPU, a V8 isolate), so `--threads 500` spent minutes starting threads on 2 cores. */
const THREADS_PER_CORE = 4;

/** `--threads <n>` (`hpa worker --concurrency <n>`): a whole number from 1 to 4 per core, or undefined for one per core. */
export function threadsOption(text: string | undefined, flag = '--threads'): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= 1)) throw new UserError(`${flag} ${text}`, 'must be a whole number ≥ 1');
  const most = THREADS_PER_CORE * availableParallelism();
  if (n > most) throw new UserError(`${flag} ${text}`, `at most ${most} on this machine (${availableParallelism()} cores; more threads than cores only share them)`);
  return n;
}
