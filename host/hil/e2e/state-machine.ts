// The AUTOSAR E2E state machine (E2E_SMCheck, PRS_E2EProtocol): builds a channel state out of the
// profile check results within a window. States NODATA → INIT → VALID ⇄ INVALID.
import { P04Status } from './p04.js';

export enum SmState { NODATA = 0, INIT = 1, VALID = 2, INVALID = 3 }
export const SM_STATE_NAMES = ['NODATA', 'INIT', 'VALID', 'INVALID'] as const;

export interface SmConfig {
  windowSizeValid: number; windowSizeInit: number; windowSizeInvalid: number;
  minOkStateInit: number; maxErrorStateInit: number;
  minOkStateValid: number; maxErrorStateValid: number;
  minOkStateInvalid: number; maxErrorStateInvalid: number;
  clearToInvalid: boolean;
}

/** The configuration constraints the specification states for E2E_SMConfigType; a list of violations. */
export function smConfigProblems(c: SmConfig): string[] {
  const p: string[] = [];
  const ints = Object.entries(c).filter(([, v]) => typeof v === 'number' && !(Number.isInteger(v) && v >= 0));
  for (const [k] of ints) p.push(`${k} must be a whole number ≥ 0`);
  if (c.windowSizeValid < 1) p.push('WindowSizeValid must be ≥ 1');
  if (c.windowSizeInit > c.windowSizeValid) p.push('WindowSizeInit must be ≤ WindowSizeValid');
  if (c.windowSizeInvalid > c.windowSizeValid) p.push('WindowSizeInvalid must be ≤ WindowSizeValid');
  if (!(c.maxErrorStateValid >= c.maxErrorStateInit && c.maxErrorStateInit >= c.maxErrorStateInvalid)) p.push('MaxErrorStateValid ≥ MaxErrorStateInit ≥ MaxErrorStateInvalid');
  if (!(c.minOkStateValid >= 1 && c.minOkStateValid <= c.minOkStateInit && c.minOkStateInit <= c.minOkStateInvalid)) p.push('1 ≤ MinOkStateValid ≤ MinOkStateInit ≤ MinOkStateInvalid');
  if (c.minOkStateInit + c.maxErrorStateInit > c.windowSizeValid) p.push('MinOkStateInit + MaxErrorStateInit ≤ WindowSizeValid');
  if (c.minOkStateValid + c.maxErrorStateValid > c.windowSizeValid) p.push('MinOkStateValid + MaxErrorStateValid ≤ WindowSizeValid');
  if (c.minOkStateInvalid + c.maxErrorStateInvalid > c.windowSizeValid) p.push('MinOkStateInvalid + MaxErrorStateInvalid ≤ WindowSizeValid');
  return p;
}

/** Profile status mapped to the profile-independent E2E_PCheckStatusType (P04: OKSOMELOST counts as OK). */
type PStatus = 'OK' | 'REPEATED' | 'WRONGSEQUENCE' | 'ERROR' | 'NONEWDATA' | 'NOTAVAILABLE';
function mapStatus(s: P04Status): PStatus {
  switch (s) {
    case P04Status.OK: case P04Status.OKSOMELOST: return 'OK';
    case P04Status.REPEATED: return 'REPEATED';
    case P04Status.WRONGSEQUENCE: return 'WRONGSEQUENCE';
    case P04Status.ERROR: return 'ERROR';
    default: return 'NONEWDATA';
  }
}

const MAX_WINDOW = 64;

export class E2eStateMachine {
  state = SmState.NODATA;
  okCount = 0;
  errorCount = 0;
  private readonly window: PStatus[] = new Array(MAX_WINDOW).fill('NOTAVAILABLE');
  private top = 0;

  constructor(public config: SmConfig) {}

  private windowSize(): number {
    const c = this.config;
    return this.state === SmState.VALID ? c.windowSizeValid : this.state === SmState.INIT ? c.windowSizeInit : c.windowSizeInvalid;
  }

  private add(status: PStatus): void {
    const size = Math.min(Math.max(1, this.config.windowSizeValid | 0), MAX_WINDOW);
    if (this.top >= size) this.top = 0; // WindowSizeValid was lowered by a calibration write
    this.window[this.top] = status;
    const n = Math.min(this.windowSize(), size);
    let ok = 0, err = 0;
    for (let i = 0, at = this.top; i < n; i++, at = (at - 1 + size) % size) {
      if (this.window[at] === 'OK') ok++;
      else if (this.window[at] === 'ERROR') err++;
    }
    this.okCount = ok;
    this.errorCount = err;
    this.top = (this.top + 1) % size;
  }

  private clear(): void {
    this.window.fill('NOTAVAILABLE');
    this.top = 0;
    this.okCount = 0;
    this.errorCount = 0;
  }

  /** E2E_SMCheck with this cycle's profile status; returns the new state. */
  check(profileStatus: P04Status): SmState {
    const c = this.config;
    const s = mapStatus(profileStatus);
    switch (this.state) {
      case SmState.NODATA:
        if (s !== 'ERROR' && s !== 'NONEWDATA') this.state = SmState.INIT;
        break;
      case SmState.INIT:
        this.add(s);
        if (this.errorCount <= c.maxErrorStateInit && this.okCount >= c.minOkStateInit) this.state = SmState.VALID;
        else if (this.errorCount > c.maxErrorStateInit) this.toInvalid();
        break;
      case SmState.VALID:
        this.add(s);
        if (!(this.errorCount <= c.maxErrorStateValid && this.okCount >= c.minOkStateValid)) this.toInvalid();
        break;
      case SmState.INVALID:
        this.add(s);
        if (this.errorCount <= c.maxErrorStateInvalid && this.okCount >= c.minOkStateInvalid) this.state = SmState.VALID;
        break;
    }
    return this.state;
  }

  private toInvalid(): void {
    this.state = SmState.INVALID;
    if (this.config.clearToInvalid) this.clear();
  }
}
