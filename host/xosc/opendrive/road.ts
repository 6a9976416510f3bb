// An OpenDRIVE road reduced to what a longitudinal simulation needs: length, curvature along s,
// lanes with their widths (laneSections, laneOffset) and the driving direction of each lane.
import { notSupported, refuse } from '../errors.js';
import { child, childrenNamed, readXmlFile, type XmlNode } from '../xml.js';
import { sampleIndex, samplePlanView, type Pose } from './geometry.js';

interface Poly { s: number; a: number; b: number; c: number; d: number }
interface Lane { id: number; type: string; widths: Poly[] }
interface Section { s: number; lanes: Lane[] }

const polyAt = (list: Poly[], ds: number): number => {
  let p: Poly | undefined;
  for (const q of list) if (q.s <= ds + 1e-9) p = q;
  if (!p) return 0;
  const x = ds - p.s;
  return p.a + p.b * x + p.c * x * x + p.d * x * x * x;
};

function readPoly(node: XmlNode, sAttr: string): Poly {
  const n = (k: string) => {
    const v = Number(node.attrs[k] ?? '0');
    if (!Number.isFinite(v)) refuse(node, `${k}: "${node.attrs[k]}" is not a number`);
    return v;
  };
  return { s: n(sAttr), a: n('a'), b: n('b'), c: n('c'), d: n('d') };
}

export class OdrRoad {
  readonly length: number;
  readonly poses: Pose[];
  readonly sections: Section[];
  readonly laneOffsets: Poly[];
  /** Right-hand traffic: lanes with negative ids drive towards +s. */
  readonly rightHandTraffic: boolean;

  constructor(readonly id: string, readonly node: XmlNode) {
    this.length = Number(node.attrs.length);
    if (!(this.length > 0)) refuse(node, `length: "${node.attrs.length}" is not a positive number`);
    const planView = child(node, 'planView');
    if (!planView) refuse(node, 'a road needs a planView');
    this.poses = samplePlanView(planView);
    if (this.poses.length === 0) refuse(planView, 'no geometry');
    const rule = node.attrs.rule ?? 'RHT';
    if (rule !== 'RHT' && rule !== 'LHT') refuse(node, `rule: "${rule}" is not RHT or LHT`);
    this.rightHandTraffic = rule === 'RHT';
    const lanes = child(node, 'lanes');
    if (!lanes) refuse(node, 'a road needs lanes');
    this.laneOffsets = childrenNamed(lanes, 'laneOffset').map((o) => readPoly(o, 's'));
    this.sections = childrenNamed(lanes, 'laneSection').map((sec) => {
      const list: Lane[] = [];
      for (const side of ['left', 'right']) {
        const sideNode = child(sec, side);
        for (const lane of sideNode ? childrenNamed(sideNode, 'lane') : []) {
          if (childrenNamed(lane, 'border').length) notSupported(childrenNamed(lane, 'border')[0], 'lane borders (only lane widths)');
          list.push({ id: Number(lane.attrs.id), type: lane.attrs.type ?? 'driving', widths: childrenNamed(lane, 'width').map((w) => readPoly(w, 'sOffset')) });
        }
      }
      return { s: Number(sec.attrs.s ?? 0), lanes: list };
    }).sort((a, b) => a.s - b.s);
    if (this.sections.length === 0) refuse(lanes, 'a road needs at least one laneSection');
  }

  private section(s: number): Section {
    let sec = this.sections[0];
    for (const x of this.sections) if (x.s <= s + 1e-9) sec = x;
    return sec;
  }

  laneIds(s: number): number[] { return this.section(s).lanes.map((l) => l.id); }
  laneType(id: number, s: number): string | undefined { return this.section(s).lanes.find((l) => l.id === id)?.type; }

  laneWidth(id: number, s: number): number {
    const sec = this.section(s);
    const lane = sec.lanes.find((l) => l.id === id);
    return lane ? Math.max(polyAt(lane.widths, s - sec.s), 0) : 0;
  }

  /** Lateral position (t, + to the left of the reference line) of a lane's centre at s. */
  laneCentreT(id: number, s: number): number {
    const sign = Math.sign(id);
    let t = polyAt(this.laneOffsets, s);
    for (let k = sign; k !== id; k += sign) t += sign * this.laneWidth(k, s);
    return t + sign * this.laneWidth(id, s) / 2;
  }

  /** The lane that contains lateral position t at s (0 if none). */
  laneAt(s: number, t: number): number {
    let best = 0, bestDist = Infinity;
    for (const id of this.laneIds(s)) {
      const d = Math.abs(t - this.laneCentreT(id, s));
      if (d <= this.laneWidth(id, s) / 2 + 1e-6) return id;
      if (d < bestDist) { bestDist = d; best = id; }
    }
    return best;
  }

  /** Does a lane drive towards +s (the direction this 1-D world moves in)? */
  alongS(laneId: number): boolean { return this.rightHandTraffic ? laneId < 0 : laneId > 0; }

  curvature(s: number): number { return this.poses[sampleIndex(this.poses, s)].curv; }
  headingAt(s: number): number { return this.poses[sampleIndex(this.poses, s)].hdg; }

  /** World (x, y) → road (s, t): the nearest sample, refined onto its segment. */
  toRoad(x: number, y: number): { s: number; t: number; distM: number } {
    let best = 0, bestD = Infinity;
    for (let i = 0; i < this.poses.length; i++) {
      const p = this.poses[i];
      const d = (p.x - x) ** 2 + (p.y - y) ** 2;
      if (d < bestD) { bestD = d; best = i; }
    }
    const p = this.poses[best];
    const dx = x - p.x, dy = y - p.y;
    const along = dx * Math.cos(p.hdg) + dy * Math.sin(p.hdg);
    const t = -dx * Math.sin(p.hdg) + dy * Math.cos(p.hdg);
    const s = Math.min(Math.max(p.s + along, 0), this.length);
    return { s, t, distM: Math.sqrt(bestD) };
  }
}

export class OdrNetwork {
  readonly roads = new Map<string, OdrRoad>();
  constructor(readonly file: string, root: XmlNode) {
    if (root.name !== 'OpenDRIVE') refuse(root, 'not an OpenDRIVE file (root element must be OpenDRIVE)');
    for (const r of childrenNamed(root, 'road')) {
      const id = r.attrs.id;
      if (id === undefined) refuse(r, 'a road needs an id');
      this.roads.set(id, new OdrRoad(id, r));
    }
    if (this.roads.size === 0) refuse(root, 'no road');
  }
  road(id: string, where: XmlNode): OdrRoad {
    const r = this.roads.get(id);
    if (!r) refuse(where, `roadId "${id}" is not in ${this.file}`);
    return r;
  }
}

const networks = new Map<string, OdrNetwork>();

export function loadOpenDrive(path: string): OdrNetwork {
  const hit = networks.get(path);
  if (hit) return hit;
  const net = new OdrNetwork(path, readXmlFile(path));
  networks.set(path, net);
  return net;
}
