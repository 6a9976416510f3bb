// Named refusals of the HIL commands (the CLI prints `hpa: <message>` and exits 1).
export class HilError extends Error {}
