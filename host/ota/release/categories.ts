// The four OTA categories of the MIIT + SAMR notice (2025-02-28; domain.md §1) as a signed field,
// each with the references it requires. A defect fix by OTA is a recall: it must name its
// recall filing, and that filing must cover every model the release lists.
import { OtaRefusal } from '../errors.js';
import { recallFiling } from './filings.js';

export const CATEGORIES = {
  /** No change to a technical parameter (infotainment text, UI): no approval needed. */
  'non-technical': [],
  /** A main technical parameter changes: product-change approval, then the change filing. */
  'main-parameters': ['approval', 'filing'],
  /** Driving-automation functions added or changed: the permit for them. */
  'driving-automation': ['permit'],
  /** A defect fixed by OTA is a recall: the recall filing (SAMR number). */
  'recall': ['recallFiling'],
} as const;
export type Category = keyof typeof CATEGORIES;
export const CATEGORY_NAMES = Object.keys(CATEGORIES) as Category[];
export type ReferenceName = 'approval' | 'filing' | 'permit' | 'recallFiling';
export type References = Partial<Record<ReferenceName, string>>;
const ALL_REFERENCES: ReferenceName[] = ['approval', 'filing', 'permit', 'recallFiling'];

/** The regulator's reference format: letters, digits and - / . only, 3 … 40 characters. */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9./-]{2,39}$/;

/** Checks category, references and (for a recall) that the filing covers every listed model. */
export function checkCategory(category: unknown, references: unknown, hardwareIds: string[]): { category: Category; references: References } {
  if (typeof category !== 'string' || !(category in CATEGORIES)) {
    throw new OtaRefusal('wrong-category', `category "${String(category)}" is not one of ${CATEGORY_NAMES.join(', ')}`);
  }
  const c = category as Category;
  const refs = (references && typeof references === 'object' ? references : {}) as Record<string, unknown>;
  for (const k of Object.keys(refs)) if (!ALL_REFERENCES.includes(k as ReferenceName)) throw new OtaRefusal('wrong-category', `unknown reference "${k}"`);
  for (const need of CATEGORIES[c] as readonly ReferenceName[]) {
    const v = refs[need];
    if (typeof v !== 'string' || !REFERENCE.test(v)) throw new OtaRefusal('wrong-category', `a ${c} release must name its ${need} (got ${v === undefined ? 'none' : JSON.stringify(v)})`);
  }
  if (c === 'recall') {
    const filing = recallFiling(refs.recallFiling as string);
    if (!filing) throw new OtaRefusal('wrong-filing', `recall filing ${String(refs.recallFiling)} is not a published filing`);
    const outside = hardwareIds.filter((h) => !filing.models.includes(h));
    if (outside.length > 0) throw new OtaRefusal('wrong-filing', `recall filing ${filing.id} covers ${filing.models.join(', ')}, not ${outside.join(', ')}`);
  }
  return { category: c, references: refs as References };
}

/** The reference a status line or audit record names for a release (the recall number first). */
export const mainReference = (r: References): string | null => r.recallFiling ?? r.filing ?? r.permit ?? r.approval ?? null;
