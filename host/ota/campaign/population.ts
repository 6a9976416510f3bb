// The recall's population (domain.md §1): 116,887 SU7 Standard Edition cars built
// 2024-02-06 … 2025-08-30, filed on 2025-09-19 under two recall numbers.
import { rng } from '../swap/drive.js';

import { RECALLS, type RecallFiling } from '../release/filings.js';

export { RECALLS };
export type RecallNumber = RecallFiling;
export const MODELS = RECALLS.flatMap((r) => r.models);
/** The recall number a model is filed under (each model is in exactly one). */
export const recallOfModel = (model: string): RecallNumber | undefined => RECALLS.find((r) => r.models.includes(model));
export const BUILT_FROM = '2024-02-06';
export const BUILT_TO = '2025-08-30';
const DAY_MS = 86_400_000;
/**
 * Cars built in the last STOCK_DAYS of production are taken to be unsold at the filing (no public
 * figure: an assumption, stated in docs/ota.md). The rules require them updated before delivery.
 */
export const STOCK_DAYS = 14;

export interface Fleet {
  size: number;
  recall: Uint8Array;   // index into RECALLS
  model: Uint8Array;    // index into MODELS
  builtDay: Uint16Array; // days since BUILT_FROM
  /** Unsold at the filing: still at the plant or a dealer, updated before delivery (1) or in customers' hands (0). */
  inStock: Uint8Array;
  /** Roll-out order: a seeded shuffle, so every wave is a random sample of the fleet. */
  order: Uint32Array;
}

export function buildFleet(seed: number, scale = 1): Fleet {
  const counts = RECALLS.map((r) => Math.max(1, Math.round(r.vehicles * scale)));
  const size = counts.reduce((a, b) => a + b, 0);
  const random = rng(seed ^ 0x5eed);
  const days = Math.round((Date.parse(BUILT_TO) - Date.parse(BUILT_FROM)) / DAY_MS);
  const fleet: Fleet = { size, recall: new Uint8Array(size), model: new Uint8Array(size), builtDay: new Uint16Array(size), inStock: new Uint8Array(size), order: new Uint32Array(size) };
  let i = 0;
  counts.forEach((count, r) => {
    for (let k = 0; k < count; k++, i++) {
      fleet.recall[i] = r;
      const models = RECALLS[r].models;
      fleet.model[i] = MODELS.indexOf(models[Math.floor(random() * models.length)]);
      fleet.builtDay[i] = Math.floor(random() * (days + 1));
      fleet.inStock[i] = fleet.builtDay[i] > days - STOCK_DAYS ? 1 : 0;
    }
  });
  for (let k = 0; k < size; k++) fleet.order[k] = k;
  for (let k = size - 1; k > 0; k--) { const j = Math.floor(random() * (k + 1)); const t = fleet.order[k]; fleet.order[k] = fleet.order[j]; fleet.order[j] = t; }
  return fleet;
}

/** A VIN-like id for reports: model, build day, serial. */
export const vehicleId = (f: Fleet, v: number) => `${MODELS[f.model[v]]}-${f.builtDay[v].toString().padStart(3, '0')}-${v.toString().padStart(6, '0')}`;

/**
 * An ISO 3779-shaped VIN for a fleet vehicle (17 characters, no I, O or Q): a fixed manufacturer
 * prefix, the model index, the build day and the serial. Stable for a seed and scale.
 */
export const vinOf = (f: Fleet, v: number): string => `LXMA${f.model[v]}${f.builtDay[v].toString().padStart(3, '0')}${v.toString().padStart(9, '0')}`;
