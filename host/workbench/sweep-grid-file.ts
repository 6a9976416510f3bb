// A sweep grid written as a file (YAML or JSON): `path: [values]` per swept parameter, e.g.
//   calibration.fcwTtcS: [1.5, 2.0, 2.5, 3.0]
//   ego.speedKph: [80, 100, 120]
//   firmware: [1.0.0, 1.1.0]
import YAML from 'yaml';
import { ScenarioError, parseErrorReason } from '../sim/scenario.js';
import { readInputFile } from '../util/read-input-file.js';
import { parseParam, type SweepParam } from './sweep-spec.js';

export interface GridFile { params: SweepParam[]; firmware: string[] }

export function readGridFile(file: string): GridFile {
  let data: unknown;
  let text: string;
  try { text = readInputFile(file).toString('utf8'); } catch (e) {
    throw new ScenarioError(file, '', `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    data = /\.ya?ml$/i.test(file) ? YAML.parse(text) : JSON.parse(text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioError(file, '', code && !('linePos' in (e as object)) ? `cannot read: ${code}` : `not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${parseErrorReason(e)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ScenarioError(file, '', 'a grid file maps each swept path to a list of values');
  const params: SweepParam[] = [];
  let firmware: string[] = [];
  for (const [path, values] of Object.entries(data)) {
    const list = Array.isArray(values) ? values : [values];
    if (list.length === 0 || list.some((v) => !['number', 'string', 'boolean'].includes(typeof v))) throw new ScenarioError(file, path, 'needs a non-empty list of numbers, strings or booleans');
    if (path === 'firmware') { firmware = list.map(String); continue; }
    params.push(parseParam(`${path}=${list.join(',')}`));
  }
  return { params, firmware };
}
