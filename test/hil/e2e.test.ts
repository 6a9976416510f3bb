// AUTOSAR E2E Profile 4 as the specifications state it: the CRC-32P4 check values of the SWS CRC
// Library, the protocol example frames of PRS_E2EProtocol (Profile 4, short example), the check
// statuses, and the E2E state machine with its window parameters.
import { describe, expect, it } from 'vitest';
import { crc32p4 } from '../../host/hil/e2e/crc32p4.js';
import { P04CheckState, p04Check, p04Protect, P04Status } from '../../host/hil/e2e/p04.js';
import { E2eStateMachine, smConfigProblems, SmState, type SmConfig } from '../../host/hil/e2e/state-machine.js';

const hex = (s: string) => Uint8Array.from(s.split(/\s+/).filter(Boolean).map((b) => parseInt(b, 16)));

describe('CRC-32P4 (AUTOSAR SWS CRC Library: poly 0xF4ACFB13, reflected, init/xor 0xFFFFFFFF)', () => {
  it('check value of "123456789" is 0x1697D06A', () => {
    expect(crc32p4(new TextEncoder().encode('123456789'))).toBe(0x1697d06a);
  });
  // SWS_CRC: the CRC32P4 table of check results.
  const table: [string, number][] = [
    ['00 00 00 00', 0x6fb32240], ['F2 01 83', 0x4f721a25], ['0F AA 00 55', 0x20662df8], ['00 FF 55 11', 0x9bd7996e],
    ['33 22 55 AA BB CC DD EE FF', 0xa65a343d], ['92 6B 55', 0xee688a78], ['FF FF FF FF', 0xffffffff],
  ];
  for (const [data, crc] of table) it(`${data} → 0x${crc.toString(16).toUpperCase()}`, () => expect(crc32p4(hex(data))).toBe(crc));
  it('chaining two calls equals one call over the concatenation', () => {
    const d = hex('33 22 55 AA BB CC DD EE FF');
    expect(crc32p4(d, 4, 9, crc32p4(d, 0, 4))).toBe(crc32p4(d));
  });
});

describe('E2E Profile 4 protect (PRS_E2EProtocol, Profile 4 protocol example: 16 bytes, DataID 0x0A0B0C0D)', () => {
  it('counter 0 → 00 10 00 00 0A 0B 0C 0D 86 2B 05 56 00 00 00 00', () => {
    const frame = new Uint8Array(16);
    p04Protect(frame, 0x0a0b0c0d, 0);
    expect(Array.from(frame)).toEqual(Array.from(hex('00 10 00 00 0a 0b 0c 0d 86 2b 05 56 00 00 00 00')));
  });
  it('counter 1 → CRC A5 8E 68 07', () => {
    const frame = new Uint8Array(16);
    p04Protect(frame, 0x0a0b0c0d, 1);
    expect(Array.from(frame)).toEqual(Array.from(hex('00 10 00 01 0a 0b 0c 0d a5 8e 68 07 00 00 00 00')));
  });
});

describe('E2E Profile 4 check statuses', () => {
  const cfg = { dataId: 0x0a0b0c0d, length: 24, maxDeltaCounter: 3 };
  const frame = (counter: number, dataId = cfg.dataId, length = 24) => { const f = new Uint8Array(length); f[20] = counter & 0xff; p04Protect(f, dataId, counter); return f; };
  it('first counter 0 after init is OK (CheckInit sets the last counter to 0xFFFF)', () => {
    expect(p04Check(new P04CheckState(), cfg, frame(0))).toBe(P04Status.OK);
  });
  it('OK, REPEATED, OKSOMELOST (≤ MaxDeltaCounter), WRONGSEQUENCE (beyond), counter wrap-around', () => {
    const s = new P04CheckState();
    expect(p04Check(s, cfg, frame(65534))).toBe(P04Status.WRONGSEQUENCE); // 0xFFFF → 0xFFFE: behind
    expect(p04Check(s, cfg, frame(65535))).toBe(P04Status.OK);
    expect(p04Check(s, cfg, frame(0))).toBe(P04Status.OK); // wraps
    expect(p04Check(s, cfg, frame(0))).toBe(P04Status.REPEATED);
    expect(p04Check(s, cfg, frame(3))).toBe(P04Status.OKSOMELOST);
    expect(s.deltaCounter).toBe(3);
    expect(p04Check(s, cfg, frame(7))).toBe(P04Status.WRONGSEQUENCE);
    expect(p04Check(s, cfg, null)).toBe(P04Status.NONEWDATA);
  });
  it('ERROR for a flipped bit anywhere, a wrong data ID, a wrong length; the last counter is kept', () => {
    const s = new P04CheckState();
    expect(p04Check(s, cfg, frame(0))).toBe(P04Status.OK);
    for (let bit = 0; bit < 24 * 8; bit++) {
      const f = frame(1);
      f[bit >> 3] ^= 1 << (bit & 7);
      expect(p04Check(s, cfg, f)).toBe(P04Status.ERROR);
      expect(s.errorKind).toBe('corrupted');
    }
    expect(p04Check(s, cfg, frame(1, 0x0a0b0c0e))).toBe(P04Status.ERROR);
    expect(s.errorKind).toBe('wrongDataId');
    expect(p04Check(s, cfg, frame(1, cfg.dataId, 20))).toBe(P04Status.ERROR);
    expect(s.errorKind).toBe('wrongLength');
    expect(p04Check(s, cfg, frame(1))).toBe(P04Status.OK); // counter 0 was the last accepted
  });
});

const CONFIG: SmConfig = {
  windowSizeValid: 10, windowSizeInit: 5, windowSizeInvalid: 5, minOkStateInit: 2, maxErrorStateInit: 1,
  minOkStateValid: 2, maxErrorStateValid: 2, minOkStateInvalid: 4, maxErrorStateInvalid: 0, clearToInvalid: true,
};

describe('E2E state machine (E2E_SMCheck)', () => {
  it('the shipped defaults meet the specification\'s configuration constraints; a broken set is named', () => {
    expect(smConfigProblems(CONFIG)).toEqual([]);
    expect(smConfigProblems({ ...CONFIG, minOkStateValid: 5 })).toContain('1 ≤ MinOkStateValid ≤ MinOkStateInit ≤ MinOkStateInvalid');
  });
  it('NODATA stays on NONEWDATA and ERROR, goes to INIT on a frame that passed', () => {
    const sm = new E2eStateMachine(CONFIG);
    expect(sm.check(P04Status.NONEWDATA)).toBe(SmState.NODATA);
    expect(sm.check(P04Status.ERROR)).toBe(SmState.NODATA);
    expect(sm.check(P04Status.OK)).toBe(SmState.INIT);
  });
  it('INIT → VALID after MinOkStateInit OKs; INIT → INVALID beyond MaxErrorStateInit errors', () => {
    const sm = new E2eStateMachine(CONFIG);
    sm.check(P04Status.OK);
    expect(sm.check(P04Status.OK)).toBe(SmState.INIT); // 1 OK in the window
    expect(sm.check(P04Status.OKSOMELOST)).toBe(SmState.VALID); // OKSOMELOST counts as OK
    const bad = new E2eStateMachine(CONFIG);
    bad.check(P04Status.OK);
    expect(bad.check(P04Status.ERROR)).toBe(SmState.INIT);
    expect(bad.check(P04Status.ERROR)).toBe(SmState.INVALID);
  });
  it('VALID holds while OK ≥ MinOkStateValid and errors ≤ MaxErrorStateValid within WindowSizeValid', () => {
    const sm = new E2eStateMachine(CONFIG);
    for (let i = 0; i < 12; i++) sm.check(P04Status.OK);
    expect(sm.state).toBe(SmState.VALID);
    // 8 cycles without data still leave 2 OKs in the last 10: valid; the 9th does not.
    for (let i = 0; i < 8; i++) expect(sm.check(P04Status.NONEWDATA)).toBe(SmState.VALID);
    expect(sm.check(P04Status.NONEWDATA)).toBe(SmState.INVALID);
  });
  it('three errors within the window (MaxErrorStateValid 2) make it INVALID; it returns after MinOkStateInvalid clean OKs', () => {
    const sm = new E2eStateMachine(CONFIG);
    for (let i = 0; i < 12; i++) sm.check(P04Status.OK);
    sm.check(P04Status.ERROR);
    expect(sm.check(P04Status.ERROR)).toBe(SmState.VALID);
    expect(sm.check(P04Status.ERROR)).toBe(SmState.INVALID);
    for (let i = 0; i < 3; i++) expect(sm.check(P04Status.OK)).toBe(SmState.INVALID);
    expect(sm.check(P04Status.OK)).toBe(SmState.VALID);
  });
  it('REPEATED and WRONGSEQUENCE are neither OK nor ERROR: they starve the window', () => {
    const sm = new E2eStateMachine(CONFIG);
    for (let i = 0; i < 12; i++) sm.check(P04Status.OK);
    for (let i = 0; i < 8; i++) sm.check(i % 2 ? P04Status.REPEATED : P04Status.WRONGSEQUENCE);
    expect(sm.state).toBe(SmState.VALID);
    expect(sm.check(P04Status.REPEATED)).toBe(SmState.INVALID);
  });
});
