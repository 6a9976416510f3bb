// Turns the library's refusals into one clear line and an exit code; anything else is a bug
// and keeps its stack.
import { CalibrationError, AbiMismatchError } from '../ecu/ecu.js';
import { FirmwareNotFoundError } from '../ecu/firmware.js';
import { FmuBuildError } from '../fmu/build-fmu.js';
import { ScenarioError } from '../sim/scenario.js';
import { JobError } from '../jobs/types.js';
import { ValidateError } from '../validate/validate.js';
import { UserError } from '../app/user-error.js';
import { HilError } from '../hil/errors.js';
import { OtaError } from '../ota/errors.js';

export function exitOnError(error: unknown): never {
  if (error instanceof ScenarioError || error instanceof UserError || error instanceof CalibrationError || error instanceof FirmwareNotFoundError || error instanceof AbiMismatchError
    || error instanceof ValidateError || error instanceof JobError || error instanceof FmuBuildError || error instanceof HilError) {
    console.error(`hpa: ${error.message}`);
    process.exit(1);
  }
  // An OTA step inside another command (the demo packs a release through the regression gate).
  if (error instanceof OtaError) {
    console.error(`hpa: ${error.message}`);
    process.exit(error.exitCode);
  }
  throw error;
}

/** Wraps an action so known refusals exit 1 with their message. */
export function guarded<A extends unknown[]>(action: (...args: A) => void | Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (e) {
      exitOnError(e);
    }
  };
}
