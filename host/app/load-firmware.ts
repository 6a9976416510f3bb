// Loads firmware for a command: a file that is not an HPA-ECU WebAssembly module is a user
// error naming the file, not a CompileError stack.
import { Ecu } from '../ecu/ecu.js';
import { UserError } from './user-error.js';

export function loadEcu(ref: string): Ecu {
  try {
    return Ecu.load(ref);
  } catch (e) {
    if (e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError) {
      throw new UserError(`firmware ${ref}`, `not a WebAssembly firmware image (${e.message.replace(/^WebAssembly\.\w+\(\): /, '')})`);
    }
    throw e;
  }
}

/** `--firmware 1.0.0,1.1.0` or repeated `--firmware` options → the list of references. */
export function firmwareList(option: string | string[] | undefined, fallback = '1.1.0'): string[] {
  const list = (Array.isArray(option) ? option : option ? [option] : []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
  return list.length ? list : [fallback];
}
