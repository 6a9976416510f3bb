// OpenDRIVE 1.x plan view (reference line) sampled along s: line, arc, spiral (clothoid), poly3
// and paramPoly3, each to (s, x, y, heading, curvature) every ≤ 0.1 m. The importer needs s,
// curvature along s, and the projection of a world point onto the line (WorldPosition).
import { notSupported, refuse } from '../errors.js';
import type { XmlNode } from '../xml.js';

export interface Pose { s: number; x: number; y: number; hdg: number; curv: number }

const STEP_M = 0.1;
const SUB = 10; // sub-steps per sample for numerically integrated shapes

const num = (node: XmlNode, attr: string, fallback?: number): number => {
  const raw = node.attrs[attr];
  if (raw === undefined && fallback !== undefined) return fallback;
  const v = Number(raw);
  if (raw === undefined || !Number.isFinite(v)) refuse(node, `${attr}: "${raw ?? ''}" is not a number`);
  return v;
};

/** A curve given in a local frame by a parameter p: position and first/second derivatives. */
type Local = (p: number) => { u: number; v: number; du: number; dv: number; ddu: number; ddv: number };

/** Samples a locally parametrised curve by arc length, scaled to the declared length. */
function sampleLocal(g: { s: number; x: number; y: number; hdg: number; length: number }, f: Local, pEnd: number, out: Pose[]): void {
  const fine = Math.max(SUB, Math.ceil(g.length / STEP_M) * SUB);
  const pts: { len: number; u: number; v: number; hdg: number; curv: number }[] = [];
  let len = 0;
  let prev = f(0);
  for (let i = 0; i <= fine; i++) {
    const q = f((pEnd * i) / fine);
    if (i > 0) len += Math.hypot(q.u - prev.u, q.v - prev.v);
    const speed2 = q.du * q.du + q.dv * q.dv;
    pts.push({ len, u: q.u, v: q.v, hdg: Math.atan2(q.dv, q.du), curv: speed2 > 0 ? (q.du * q.ddv - q.dv * q.ddu) / Math.pow(speed2, 1.5) : 0 });
    prev = q;
  }
  const scale = len > 0 ? g.length / len : 1;
  const c = Math.cos(g.hdg), sn = Math.sin(g.hdg);
  for (let i = 0; i < pts.length; i += SUB) {
    const p = pts[i];
    out.push({ s: g.s + p.len * scale, x: g.x + p.u * c - p.v * sn, y: g.y + p.u * sn + p.v * c, hdg: g.hdg + p.hdg, curv: p.curv });
  }
}

function sampleGeometry(node: XmlNode, out: Pose[]): void {
  const g = { s: num(node, 's'), x: num(node, 'x'), y: num(node, 'y'), hdg: num(node, 'hdg'), length: num(node, 'length') };
  if (!(g.length >= 0)) refuse(node, 'length must not be negative');
  const shape = node.children[0];
  if (!shape) refuse(node, 'a geometry needs a shape (line, arc, spiral, poly3, paramPoly3)');
  const n = Math.max(1, Math.ceil(g.length / STEP_M));
  if (shape.name === 'line' || shape.name === 'arc') {
    const k = shape.name === 'arc' ? num(shape, 'curvature') : 0;
    for (let i = 0; i <= n; i++) {
      const ds = (g.length * i) / n;
      const h = g.hdg + k * ds;
      const x = Math.abs(k) < 1e-12 ? g.x + ds * Math.cos(g.hdg) : g.x + (Math.sin(h) - Math.sin(g.hdg)) / k;
      const y = Math.abs(k) < 1e-12 ? g.y + ds * Math.sin(g.hdg) : g.y - (Math.cos(h) - Math.cos(g.hdg)) / k;
      out.push({ s: g.s + ds, x, y, hdg: h, curv: k });
    }
    return;
  }
  if (shape.name === 'spiral') {
    const k0 = num(shape, 'curvStart'), k1 = num(shape, 'curvEnd');
    const rate = g.length > 0 ? (k1 - k0) / g.length : 0;
    const heading = (ds: number) => g.hdg + k0 * ds + 0.5 * rate * ds * ds;
    let x = g.x, y = g.y;
    out.push({ s: g.s, x, y, hdg: g.hdg, curv: k0 });
    for (let i = 1; i <= n; i++) {
      const a = (g.length * (i - 1)) / n, b = (g.length * i) / n, h = (b - a) / SUB;
      for (let j = 0; j < SUB; j++) { // midpoint rule on the heading
        const m = heading(a + (j + 0.5) * h);
        x += h * Math.cos(m);
        y += h * Math.sin(m);
      }
      out.push({ s: g.s + b, x, y, hdg: heading(b), curv: k0 + rate * b });
    }
    return;
  }
  if (shape.name === 'poly3') {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((k) => num(shape, k));
    // u runs along the local x axis; its end is found where the arc length reaches `length`.
    const f: Local = (u) => ({ u, v: a + b * u + c * u * u + d * u * u * u, du: 1, dv: b + 2 * c * u + 3 * d * u * u, ddu: 0, ddv: 2 * c + 6 * d * u });
    let uEnd = 0, len = 0;
    const du = STEP_M / SUB;
    while (len < g.length && uEnd < g.length * 2) { const s1 = f(uEnd).dv; len += du * Math.sqrt(1 + s1 * s1); uEnd += du; }
    sampleLocal(g, f, uEnd, out);
    return;
  }
  if (shape.name === 'paramPoly3') {
    const [aU, bU, cU, dU, aV, bV, cV, dV] = ['aU', 'bU', 'cU', 'dU', 'aV', 'bV', 'cV', 'dV'].map((k) => num(shape, k));
    const range = shape.attrs.pRange ?? 'normalized';
    if (range !== 'normalized' && range !== 'arcLength') refuse(shape, `pRange: "${range}" is not normalized or arcLength`);
    const f: Local = (p) => ({
      u: aU + bU * p + cU * p * p + dU * p * p * p, v: aV + bV * p + cV * p * p + dV * p * p * p,
      du: bU + 2 * cU * p + 3 * dU * p * p, dv: bV + 2 * cV * p + 3 * dV * p * p, ddu: 2 * cU + 6 * dU * p, ddv: 2 * cV + 6 * dV * p,
    });
    sampleLocal(g, f, range === 'normalized' ? 1 : g.length, out);
    return;
  }
  notSupported(shape, 'geometry shape');
}

/** The whole reference line of a road, sorted by s. */
export function samplePlanView(planView: XmlNode): Pose[] {
  const out: Pose[] = [];
  for (const g of planView.children) {
    if (g.name !== 'geometry') notSupported(g, 'planView element');
    sampleGeometry(g, out);
  }
  return out.sort((a, b) => a.s - b.s);
}

/** Index of the last sample with s ≤ `s` (binary search). */
export function sampleIndex(poses: Pose[], s: number): number {
  let lo = 0, hi = poses.length - 1;
  if (s <= poses[0].s) return 0;
  if (s >= poses[hi].s) return hi;
  while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (poses[mid].s <= s) lo = mid; else hi = mid; }
  return lo;
}
