// The CLI's error printer: known refusals become one line `hpa: …` and their exit code, no stack.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exitOnError } from '../host/cli/errors.js';
import { OtaError } from '../host/ota/errors.js';

class Exit extends Error { constructor(readonly code: number | undefined) { super(`exit ${code}`); } }

afterEach(() => vi.restoreAllMocks());

describe('exitOnError', () => {
  it('an OTA error raised inside any command (e.g. the demo\'s regression gate) prints one line and exits with its code', () => {
    const printed: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { printed.push(a.join(' ')); });
    vi.spyOn(process, 'exit').mockImplementation(((code?: number) => { throw new Exit(code); }) as never);
    expect(() => exitOnError(new OtaError('regression-failed', 'regression gate failed: 2 of 197 scenarios', 3))).toThrow(new Exit(3));
    expect(printed).toEqual(['hpa: regression gate failed: 2 of 197 scenarios']);
  });

  it('anything else is a bug and keeps its stack', () => {
    const bug = new TypeError('x is undefined');
    expect(() => exitOnError(bug)).toThrow(bug);
  });
});
