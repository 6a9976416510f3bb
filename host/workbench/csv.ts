// CSV per RFC 4180 (quoting of commas, quotes and line breaks) through csv-stringify.
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

/** Numbers rounded to `digits` decimals; non-finite numbers and null become empty fields. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], digits = 4): string {
  const cell = (x: CsvCell): string => {
    if (typeof x === 'number') return Number.isFinite(x) ? String(+x.toFixed(digits)) : '';
    if (x === null || x === undefined) return '';
    return String(x);
  };
  return stringify([header as string[], ...rows.map((r) => r.map(cell))], { record_delimiter: 'unix' });
}
