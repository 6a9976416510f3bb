// ParameterValueDistribution files (ASAM OSC 1.x "Parameter value distributions"): deterministic
// sets, ranges and multi-parameter value sets combined as a grid; stochastic ones drawn from a seed.
import { Random } from '../sim/random.js';
import { notSupported, refuse } from './errors.js';
import type { Value } from './expression.js';
import { child, childrenNamed, type XmlNode } from './xml.js';

export type Assignment = Map<string, Value>;

const num = (n: XmlNode, attr: string): number => {
  const v = Number(n.attrs[attr]);
  if (n.attrs[attr] === undefined || !Number.isFinite(v)) refuse(n, `${attr}: "${n.attrs[attr] ?? ''}" is not a number`);
  return v;
};

function singleParameter(d: XmlNode): Assignment[] {
  const name = d.attrs.parameterName;
  if (!name) refuse(d, 'needs parameterName');
  const body = d.children[0];
  if (!body) refuse(d, 'needs a DistributionSet or DistributionRange');
  if (body.name === 'DistributionSet') {
    const elements = childrenNamed(body, 'Element');
    if (elements.length === 0) refuse(body, 'needs at least one Element');
    return elements.map((e) => new Map([[name, e.attrs.value ?? refuse(e, 'needs a value')]]));
  }
  if (body.name === 'DistributionRange') {
    const step = num(body, 'stepWidth');
    const range = child(body, 'Range') ?? refuse(body, 'needs a Range');
    const lo = num(range, 'lowerLimit'), hi = num(range, 'upperLimit');
    if (!(step > 0) || hi < lo) refuse(body, 'needs stepWidth > 0 and lowerLimit ≤ upperLimit');
    const out: Assignment[] = [];
    // Counted steps, so 10 + 5·k hits the upper limit exactly instead of drifting.
    for (let k = 0; lo + k * step <= hi + 1e-9; k++) out.push(new Map([[name, +(lo + k * step).toPrecision(12)]]));
    return out;
  }
  return notSupported(body, 'single-parameter distribution');
}

function multiParameter(d: XmlNode): Assignment[] {
  const sets = child(d, 'ValueSetDistribution') ?? notSupported(d.children[0] ?? d, 'multi-parameter distribution');
  return childrenNamed(sets, 'ParameterValueSet').map((set) => new Map(childrenNamed(set, 'ParameterAssignment').map((a) => [a.attrs.parameterRef ?? refuse(a, 'needs parameterRef'), a.attrs.value ?? refuse(a, 'needs a value')] as [string, Value])));
}

const product = (a: Assignment[], b: Assignment[]): Assignment[] => a.flatMap((x) => b.map((y) => new Map([...x, ...y])));

function deterministic(det: XmlNode): Assignment[] {
  let runs: Assignment[] = [new Map()];
  for (const d of det.children) {
    if (d.name === 'DeterministicSingleParameterDistribution') runs = product(runs, singleParameter(d));
    else if (d.name === 'DeterministicMultiParameterDistribution') runs = product(runs, multiParameter(d));
    else notSupported(d, 'deterministic distribution');
  }
  return runs;
}

function draw(rng: Random, d: XmlNode): Value {
  const body = d.children[0] ?? refuse(d, 'needs a distribution');
  const clamp = (v: number) => {
    const r = child(body, 'Range');
    return r ? Math.min(Math.max(v, num(r, 'lowerLimit')), num(r, 'upperLimit')) : v;
  };
  switch (body.name) {
    case 'UniformDistribution': {
      const r = child(body, 'Range') ?? refuse(body, 'needs a Range');
      return num(r, 'lowerLimit') + rng.next() * (num(r, 'upperLimit') - num(r, 'lowerLimit'));
    }
    case 'NormalDistribution': return clamp(num(body, 'expectedValue') + Math.sqrt(num(body, 'variance')) * rng.gaussian());
    case 'ProbabilityDistributionSet': {
      const elements = childrenNamed(body, 'Element');
      const total = elements.reduce((s, e) => s + num(e, 'weight'), 0);
      if (!(total > 0)) refuse(body, 'weights must add up to more than 0');
      let pick = rng.next() * total;
      for (const e of elements) { pick -= num(e, 'weight'); if (pick < 0) return e.attrs.value ?? refuse(e, 'needs a value'); }
      return elements[elements.length - 1].attrs.value!;
    }
    default: return notSupported(body, 'stochastic distribution');
  }
}

function stochastic(st: XmlNode, seed: number): Assignment[] {
  const runs = num(st, 'numberOfTestRuns');
  if (!(runs >= 1 && Number.isInteger(runs))) refuse(st, 'numberOfTestRuns must be a whole number ≥ 1');
  const rng = new Random(st.attrs.randomSeed !== undefined ? num(st, 'randomSeed') : seed);
  const dists = childrenNamed(st, 'StochasticDistribution');
  return Array.from({ length: runs }, () => new Map(dists.map((d) => [d.attrs.parameterName ?? refuse(d, 'needs parameterName'), +Number(draw(rng, d)).toPrecision(12)] as [string, Value])));
}

/** The parameter assignments of every run a distribution file asks for, and its base scenario. */
export function expandDistribution(pvd: XmlNode, seed: number): { scenarioFile: string; runs: Assignment[] } {
  const sf = child(pvd, 'ScenarioFile') ?? refuse(pvd, 'needs a ScenarioFile');
  const scenarioFile = sf.attrs.filepath ?? refuse(sf, 'needs a filepath');
  const det = child(pvd, 'Deterministic'), st = child(pvd, 'Stochastic');
  if (det) return { scenarioFile, runs: deterministic(det) };
  if (st) return { scenarioFile, runs: stochastic(st, seed) };
  return refuse(pvd, 'needs Deterministic or Stochastic');
}
