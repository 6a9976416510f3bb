// The recall filings as published by SAMR on 2025-09-19 (domain.md §1): the one table of which
// hardware (model code) each filing covers. The verifier, `pack` and the campaign read it here.
export interface RecallFiling { id: string; models: string[]; vehicles: number }

export const RECALLS: readonly RecallFiling[] = [
  { id: 'S2025M0149I', models: ['XMA7000MBEVR2', 'XMA7000MBEVR5'], vehicles: 98_462 },
  { id: 'S2025M0150I', models: ['BJ7000MBEVR2'], vehicles: 18_425 },
];

export const recallFiling = (id: string): RecallFiling | undefined => RECALLS.find((r) => r.id === id);
