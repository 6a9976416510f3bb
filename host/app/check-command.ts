// `hpa check` and `hpa calibration`: validate every file given (never stop at the first bad one)
// and show a firmware's calibration in a table that fits 100 columns.
import Table from 'cli-table3';
import { calibrationSchema } from '../../abi/calibration.js';
import { RELEASES } from '../../abi/signals.js';
import type { Ecu } from '../ecu/ecu.js';
import { Ecu as EcuClass } from '../ecu/ecu.js';
import { assertCalibrationRules, readCalibrationFile } from '../sim/calibration-file.js';
import { loadScenarioFile, ScenarioError } from '../sim/scenario.js';
import { resolveScenarioPath } from './run-command.js';

export interface CheckEntry { file: string; valid: boolean; message: string }
export interface CheckReport { valid: boolean; files: CheckEntry[] }

function checkOne(file: string, calibration: boolean): CheckEntry {
  try {
    if (calibration) {
      const cal = readCalibrationFile(file);
      // A file sets some values; the rest come from the release: the merged set must hold for each.
      for (const version of Object.keys(RELEASES)) {
        assertCalibrationRules(file, { ...EcuClass.releaseDefaults(version), ...cal.values }, ` (with the other values at the defaults of ${version})`);
      }
      return { file, valid: true, message: `${file}: valid calibration (${Object.keys(cal.values).length} values, sha256 ${cal.sha256.slice(0, 12)}…)` };
    }
    const s = loadScenarioFile(resolveScenarioPath(file));
    return { file, valid: true, message: `${file}: valid scenario, ${s.variants.length} run${s.variants.length === 1 ? '' : 's'}` };
  } catch (e) {
    if (e instanceof ScenarioError) return { file, valid: false, message: e.message };
    throw e;
  }
}

export function checkFiles(files: string[], opts: { calibration?: boolean } = {}): CheckReport {
  const entries = files.map((f) => checkOne(f, Boolean(opts.calibration)));
  return { valid: entries.every((e) => e.valid), files: entries };
}

/** Valid files for stdout; each bad one as `hpa: <file>: <field>: <reason>` for stderr. */
export function formatCheck(r: CheckReport): { ok: string; bad: string } {
  return {
    ok: r.files.filter((f) => f.valid).map((f) => f.message).join('\n'),
    bad: r.files.filter((f) => !f.valid).map((f) => `hpa: ${f.message}`).join('\n'),
  };
}

/** name | value | range | meaning, wrapped to fit 100 columns. */
export function calibrationTable(ecu: Ecu): string {
  const props = (calibrationSchema() as { properties: Record<string, { description?: string; minimum?: number; maximum?: number; items?: { minimum: number; maximum: number } }> }).properties;
  // Column widths include cli-table3's padding; 5 border characters make 100.
  const t = new Table({ head: ['name', 'value', 'min … max', 'meaning'], colWidths: [29, 20, 15, 31], wordWrap: true, style: { head: [], border: [] } });
  for (const [k, v] of Object.entries(ecu.getCalibration())) {
    const p = props[k];
    const lim = p.items ?? p;
    t.push([k, Array.isArray(v) ? v.map((x) => +x.toFixed(3)).join(', ') : String(+v.toFixed(4)), `${lim.minimum} … ${lim.maximum}`, p.description ?? '']);
  }
  return t.toString();
}
