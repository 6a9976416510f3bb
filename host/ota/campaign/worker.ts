// Campaign worker thread: builds a CampaignRig once, then runs batches of vehicle trials.
import { parentPort, workerData } from 'node:worker_threads';
import type { FirmwareInfo } from '../../ecu/firmware.js';
import { CampaignRig, type RigOptions } from './rig.js';

interface Init { current: { bytes: Uint8Array; info: FirmwareInfo }; recall: { bytes: Uint8Array; info: FirmwareInfo }; rig: RigOptions }

const init = workerData as Init;
const rig = new CampaignRig(init.current, init.recall, init.rig);

// A batch: Int32Array [vehicle, seed, stallMs] × n → Uint8Array of outcome codes.
parentPort!.on('message', (batch: Int32Array) => {
  const n = batch.length / 3;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rig.run({ vehicle: batch[3 * i], seed: batch[3 * i + 1], stallMs: batch[3 * i + 2] });
  parentPort!.postMessage(out, [out.buffer]);
});
parentPort!.postMessage('ready');
