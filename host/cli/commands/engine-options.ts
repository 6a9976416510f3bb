// The job-engine options shared by `hpa sweep`, `hpa test`, `hpa campaign` (and `hpa validate`).
import { UserError } from '../../app/user-error.js';

/** `--threads <n>`: a whole number ≥ 1, or undefined for one per core. */
export function threadsOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= 1)) throw new UserError(`--threads ${text}`, 'must be a whole number ≥ 1');
  return n;
}
