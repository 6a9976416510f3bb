// `hpa bench` (issue 4). Placeholder until the benchmark suite lands.
import type { Command } from 'commander';
export function register(_program: Command): void {}
