// `hpa ota …` and `hpa campaign` (issue 3). Placeholder until the OTA layer lands.
import type { Command } from 'commander';
export function register(_program: Command): void {}
