// Once per `vitest run`: a scratch folder the test files share for fixtures that are the same in
// every file (the OTA keys, evidence and release packages: test/ota/fixture.ts), removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext { hpaSharedDir: string }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'hpa-test-shared-'));
  project.provide('hpaSharedDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
