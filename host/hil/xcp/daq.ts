// Dynamic DAQ lists (XCP Part 2 §DAQ): lists of ODTs of (address, size) entries, sampled synchronously
// on event channel 0 — the ECU's 10 ms cycle — after each cycle, with a 4-byte timestamp (1 µs units)
// in the first ODT of a list.
import { ERR } from './codes.js';

interface OdtEntry { address: number; size: number }
interface DaqList { odts: OdtEntry[][]; event: number; mode: number; prescaler: number; running: boolean; selected: boolean; firstPid: number }

export class DaqTable {
  lists: DaqList[] = [];
  private ptr: { daq: number; odt: number; entry: number } | null = null;
  private cycleCount = 0;

  get running(): boolean { return this.lists.some((l) => l.running); }

  free(): number { if (this.running) return ERR.DAQ_ACTIVE; this.lists = []; this.ptr = null; return 0; }

  alloc(count: number): number {
    if (this.lists.length > 0 || count > 255) return ERR.SEQUENCE;
    for (let i = 0; i < count; i++) this.lists.push({ odts: [], event: 0, mode: 0, prescaler: 1, running: false, selected: false, firstPid: 0 });
    return 0;
  }

  allocOdt(daq: number, count: number): number {
    const l = this.lists[daq];
    if (!l) return ERR.OUT_OF_RANGE;
    if (l.odts.length > 0) return ERR.SEQUENCE;
    for (let i = 0; i < count; i++) l.odts.push([]);
    let pid = 0;
    for (const x of this.lists) { x.firstPid = pid; pid += x.odts.length; }
    return pid > 0xfb ? ERR.MEMORY_OVERFLOW : 0;
  }

  allocEntries(daq: number, odt: number, count: number): number {
    const o = this.lists[daq]?.odts[odt];
    if (!o) return ERR.OUT_OF_RANGE;
    if (o.length > 0) return ERR.SEQUENCE;
    for (let i = 0; i < count; i++) o.push({ address: 0, size: 0 });
    return 0;
  }

  setPtr(daq: number, odt: number, entry: number): number {
    if (this.running) return ERR.DAQ_ACTIVE;
    if (!this.lists[daq]?.odts[odt]?.[entry]) return ERR.OUT_OF_RANGE;
    this.ptr = { daq, odt, entry };
    return 0;
  }

  write(size: number, address: number, maxDto: number): number {
    if (!this.ptr) return ERR.SEQUENCE;
    const o = this.lists[this.ptr.daq].odts[this.ptr.odt];
    const e = o[this.ptr.entry];
    if (!e) return ERR.OUT_OF_RANGE;
    if (size < 1 || size > 8) return ERR.OUT_OF_RANGE;
    e.address = address; e.size = size;
    const bytes = o.reduce((n, x) => n + x.size, 0) + 1 + (this.ptr.odt === 0 ? 4 : 0);
    if (bytes > maxDto) return ERR.DAQ_CONFIG;
    this.ptr.entry++;
    return 0;
  }

  setMode(daq: number, mode: number, event: number, prescaler: number): number {
    const l = this.lists[daq];
    if (!l) return ERR.OUT_OF_RANGE;
    if (event !== 0) return ERR.OUT_OF_RANGE; // one event channel: the 10 ms cycle
    l.mode = mode; l.event = event; l.prescaler = Math.max(1, prescaler);
    return 0;
  }

  /** START_STOP_DAQ_LIST: 0 stop, 1 start, 2 select. Returns [error, firstPid]. */
  startStop(daq: number, mode: number): [number, number] {
    const l = this.lists[daq];
    if (!l) return [ERR.OUT_OF_RANGE, 0];
    if (l.odts.length === 0 || l.odts.some((o) => o.length === 0 || o.some((e) => e.size === 0))) return [ERR.DAQ_CONFIG, 0];
    if (mode === 0) l.running = false; else if (mode === 1) l.running = true; else if (mode === 2) l.selected = true; else return [ERR.MODE_NOT_VALID, 0];
    return [0, l.firstPid];
  }

  /** START_STOP_SYNCH: 0 stop all, 1 start selected, 2 stop selected. */
  synch(mode: number): number {
    if (mode > 2) return ERR.MODE_NOT_VALID;
    for (const l of this.lists) {
      if (mode === 0) l.running = false;
      else if (l.selected) { l.running = mode === 1; l.selected = false; }
    }
    return 0;
  }

  /** Samples every running list after a cycle: one DTO per ODT (PID, [timestamp], data). */
  sample(read: (address: number, size: number) => Uint8Array | number, timestampUs: number): Uint8Array[] {
    this.cycleCount++;
    const out: Uint8Array[] = [];
    for (const l of this.lists) {
      if (!l.running || this.cycleCount % l.prescaler !== 0) continue;
      l.odts.forEach((odt, i) => {
        const ts = i === 0 && (l.mode & 0x10) !== 0 ? 4 : 0;
        const dto = new Uint8Array(1 + ts + odt.reduce((n, e) => n + e.size, 0));
        dto[0] = l.firstPid + i;
        if (ts) new DataView(dto.buffer).setUint32(1, timestampUs >>> 0, true);
        let at = 1 + ts;
        for (const e of odt) {
          const bytes = read(e.address, e.size);
          if (typeof bytes !== 'number') dto.set(bytes, at);
          at += e.size;
        }
        out.push(dto);
      });
    }
    return out;
  }
}
