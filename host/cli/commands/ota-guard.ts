// The one error printer of the OTA commands (`hpa ota …`, `hpa campaign`): a refusal or an
// operational error becomes one line `hpa: …` and its named exit code. Its own file so both
// command files import it without importing each other.
import { OtaError, OtaRefusal } from '../../ota/errors.js';
import { JobError } from '../../jobs/types.js';
import { UserError } from '../../app/user-error.js';

/** Prints refusals and operational errors as one line and sets the named exit code. */
export async function guarded(fn: () => unknown | Promise<unknown>, json = false): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof OtaRefusal || e instanceof OtaError) {
      const code = e instanceof OtaRefusal ? e.attack : e.code;
      if (json) console.log(JSON.stringify({ ok: false, error: code, message: e.message }));
      console.error(`hpa: ${e.message}`);
      process.exitCode = e.exitCode;
      return;
    }
    // The job engine (Redis gone, a worker with another build) and bad options: one line, exit 1.
    if (e instanceof JobError || e instanceof UserError) {
      if (json) console.log(JSON.stringify({ ok: false, error: 'jobs', message: e.message }));
      console.error(`hpa: ${e.message}`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}
