// The vehicle's updater on its own: the `hpa ota` device and release commands (install, boot,
// status, rollback, recover, provision, root-update, …) without the simulator, bench and
// tooling commands the full CLI also loads — what an ECU image would carry. The commands are the
// very ones `hpa ota …` registers (commands/ota-device.ts, ota-release.ts); only start-up is
// lighter, which is why the crash-safety test spawns its 200+ updaters through here.
import { Command } from 'commander';
import { registerOtaDevice } from './commands/ota-device.js';
import { registerOtaRelease } from './commands/ota-release.js';

const program = new Command('hpa').description('HPA-ECU OTA updater (the `hpa ota` device and release commands)');
const ota = program.command('ota').description('signed firmware releases, A/B slots, trial and rollback');
registerOtaDevice(ota);
registerOtaRelease(ota);
await program.parseAsync(process.argv);
