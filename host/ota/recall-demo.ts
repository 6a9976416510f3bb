// The recall's climax for `hpa demo` (and `hpa ota demo`): driving on 1.0.0 toward the
// unannounced lane closure of the 2025-03-29 accident, the 1.1.0 recall release arrives,
// is verified, burnt in, shadowed and swapped in live; the closure is passed without contact.
// A tampered copy of the same release is refused and that car stays on 1.0.0.
// The signing key is generated for the demo and lives only in a temp dir.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCENARIO_DIR } from '../sim/library.js';
import { runScenario, type RunResult } from '../sim/run.js';
import { loadScenarioFile } from '../sim/scenario.js';
import { createAuthority } from './release/authority.js';
import { OtaController } from './swap/live-swap.js';
import { packRelease } from './release/pack.js';

export interface RecallDrive { label: string; log: string[]; outcome: OtaController['outcome']; refusal: string | null; versionAtEnd: string; result: RunResult }
export interface RecallOtaDemo { scenario: string; arrivalS: number; genuine: RecallDrive; tampered: RecallDrive; holds: boolean }

export const DEMO_SCENARIO = 'recall-accident-116kph.json';
export const DEMO_ARRIVAL_S = 8;

export async function runRecallOtaDemo(arrivalS = DEMO_ARRIVAL_S): Promise<RecallOtaDemo> {
  const tmp = mkdtempSync(join(tmpdir(), 'hpa-recall-demo-'));
  try {
    // A fresh key ceremony (keys never leave the temp dir): root v1 is the car's trust anchor.
    const a = createAuthority(join(tmp, 'keys'));
    const trust = a.rootPath;
    const genuine = join(tmp, 'recall-1.1.0.hpa');
    await packRelease({
      firmware: '1.1.0', out: genuine, releaseCounter: 2,
      targetsKeys: [a.key('targets')], snapshotKeys: [a.key('snapshot')], timestampKeys: [a.key('timestamp')], evidenceKey: a.key('evidence'),
      // The car of the demo is an XMA7000MBEVR2: filing S2025M0149I covers it (and the R5).
      hardwareIds: ['XMA7000MBEVR2', 'XMA7000MBEVR5'], category: 'recall', references: { recallFiling: 'S2025M0149I' },
      expires: new Date(Date.now() + 30 * 86_400_000).toISOString(), root: a.root,
    });
    const bytes = Buffer.from(readFileSync(genuine));
    bytes[bytes.length - 64] ^= 0x01; // one bit of the image flipped in transit
    const tampered = join(tmp, 'recall-1.1.0-tampered.hpa');
    writeFileSync(tampered, bytes);

    const scenario = loadScenarioFile(join(SCENARIO_DIR, DEMO_SCENARIO)).variants[0];
    const drive = (label: string, packagePath: string): RecallDrive => {
      const log: string[] = [];
      // A bench re-enactment of the accident: the release is activated live, while driving (the
      // bench / HIL option; a vehicle activates parked, and the demo says which it uses).
      const controller = new OtaController({ startFirmware: '1.0.0', packagePath, atS: arrivalS, trustConfig: trust, activation: 'live', log: (l) => log.push(l) });
      const result = runScenario(scenario, { controller });
      return { label, log, outcome: controller.outcome, refusal: controller.refusal, versionAtEnd: controller.ecu.version, result };
    };
    const g = drive('genuine release', genuine);
    const t = drive('tampered copy', tampered);
    const holds = g.outcome === 'confirmed' && !g.result.collision && t.outcome === 'refused' && t.refusal === 'hash-mismatch' && t.versionAtEnd === '1.0.0';
    return { scenario: scenario.name, arrivalS, genuine: g, tampered: t, holds };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function formatRecallOtaDemo(d: RecallOtaDemo): string {
  const lines = [`Recall OTA, live: ${d.scenario} — the release arrives at t=${d.arrivalS} s while driving on 1.0.0`,
    '  activation: live, while driving (bench / HIL option --allow-live-activation; a vehicle activates only parked with the pilot off)'];
  for (const run of [d.genuine, d.tampered]) {
    const r = run.result;
    lines.push(`  ${run.label}:`);
    for (const l of run.log) lines.push(`    ${l}`);
    lines.push(`    ⇒ ${r.collision ? `CONTACT at ${r.impactSpeedKph?.toFixed(1)} km/h` : 'closure passed without contact'} on ${run.versionAtEnd}` +
      `${r.minGapM !== null ? `, min gap ${r.minGapM.toFixed(1)} m` : ''}, pilot ${r.assistActiveAtEnd ? 'still active' : 'not active'} at the end`);
  }
  lines.push(d.holds ? 'The recall OTA story holds.' : 'The recall OTA story does NOT hold.');
  return lines.join('\n');
}
