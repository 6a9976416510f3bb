// ParameterValueDistribution (ASAM OSC 1.x): deterministic sets, ranges and value sets form a
// grid, one run per combination; stochastic distributions give the same runs for the same seed.
import { describe, expect, it } from 'vitest';
import { loadScenarioAny } from '../../host/xosc/load.js';
import { speed, teleport, writeFiles, xosc } from './compose.js';

const base = xosc({
  params: '<ParameterDeclaration name="LeadSpeed" parameterType="double" value="10"/><ParameterDeclaration name="Gap" parameterType="double" value="100"/>',
  init: `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead">${teleport(-1, '${50 + $Gap}')}${speed('$LeadSpeed')}</Private>`,
});

const distribution = (body: string) => `<?xml version="1.0"?>
<OpenSCENARIO><FileHeader revMajor="1" revMinor="2" date="2026-11-27T00:00:00" description="d" author="t"/>
<ParameterValueDistribution><ScenarioFile filepath="base.xosc"/>${body}</ParameterValueDistribution></OpenSCENARIO>`;

const load = (body: string, seed?: number) => loadScenarioAny(writeFiles({ 'grid.xosc': distribution(body), 'base.xosc': base }), { seed }).variants;
const leadSpeedsKph = (runs: ReturnType<typeof load>) => runs.map((r) => r.objects![0].speedKph);

describe('deterministic distributions', () => {
  it('a range 10–80 in steps of 5 gives 15 runs, both limits included', () => {
    const runs = load('<Deterministic><DeterministicSingleParameterDistribution parameterName="Gap"><DistributionRange stepWidth="5"><Range lowerLimit="10" upperLimit="80"/></DistributionRange></DeterministicSingleParameterDistribution></Deterministic>');
    expect(runs).toHaveLength(15);
    expect(runs[14].objects![0].xM! - runs[0].objects![0].xM!).toBeCloseTo(70, 9);
    expect(runs[1].name).toBe('grid@Gap=15');
  });
  it('two single-parameter sets form their cartesian product', () => {
    const runs = load(`<Deterministic>
      <DeterministicSingleParameterDistribution parameterName="LeadSpeed"><DistributionSet><Element value="5"/><Element value="10"/></DistributionSet></DeterministicSingleParameterDistribution>
      <DeterministicSingleParameterDistribution parameterName="Gap"><DistributionSet><Element value="40"/><Element value="80"/><Element value="120"/></DistributionSet></DeterministicSingleParameterDistribution>
    </Deterministic>`);
    expect(runs).toHaveLength(6);
    expect(new Set(runs.map((r) => `${r.objects![0].speedKph}/${r.objects![0].xM}`)).size).toBe(6);
  });
  it('a multi-parameter value set moves its parameters together', () => {
    const runs = load(`<Deterministic><DeterministicMultiParameterDistribution><ValueSetDistribution>
      <ParameterValueSet><ParameterAssignment parameterRef="LeadSpeed" value="5"/><ParameterAssignment parameterRef="Gap" value="40"/></ParameterValueSet>
      <ParameterValueSet><ParameterAssignment parameterRef="LeadSpeed" value="10"/><ParameterAssignment parameterRef="Gap" value="80"/></ParameterValueSet>
    </ValueSetDistribution></DeterministicMultiParameterDistribution></Deterministic>`);
    expect(runs.map((r) => r.objects![0].speedKph)).toEqual([18, 36]);
    expect(runs[1].objects![0].xM! - runs[0].objects![0].xM!).toBeCloseTo(40, 9);
  });
  it('a parameter the scenario does not declare is refused', () => {
    expect(() => load('<Deterministic><DeterministicSingleParameterDistribution parameterName="Nope"><DistributionSet><Element value="1"/></DistributionSet></DeterministicSingleParameterDistribution></Deterministic>'))
      .toThrow(/unknown parameter "Nope"/);
  });
});

describe('stochastic distributions', () => {
  const uniform = (seedAttr = '') => `<Stochastic numberOfTestRuns="20"${seedAttr}><StochasticDistribution parameterName="LeadSpeed"><UniformDistribution><Range lowerLimit="5" upperLimit="15"/></UniformDistribution></StochasticDistribution></Stochastic>`;
  it('draws numberOfTestRuns values inside the range', () => {
    const speeds = leadSpeedsKph(load(uniform(), 3));
    expect(speeds).toHaveLength(20);
    for (const v of speeds) { expect(v).toBeGreaterThanOrEqual(18); expect(v).toBeLessThanOrEqual(54); }
    expect(new Set(speeds).size).toBeGreaterThan(15);
  });
  it('the same seed gives the same runs; another seed other runs; randomSeed in the file wins', () => {
    expect(leadSpeedsKph(load(uniform(), 3))).toEqual(leadSpeedsKph(load(uniform(), 3)));
    expect(leadSpeedsKph(load(uniform(), 3))).not.toEqual(leadSpeedsKph(load(uniform(), 4)));
    expect(leadSpeedsKph(load(uniform(' randomSeed="9"'), 3))).toEqual(leadSpeedsKph(load(uniform(' randomSeed="9"'), 4)));
  });
  it('a normal distribution is clamped to its range', () => {
    const speeds = leadSpeedsKph(load('<Stochastic numberOfTestRuns="50" randomSeed="1"><StochasticDistribution parameterName="LeadSpeed"><NormalDistribution expectedValue="10" variance="100"><Range lowerLimit="8" upperLimit="12"/></NormalDistribution></StochasticDistribution></Stochastic>'));
    for (const v of speeds) { expect(v).toBeGreaterThanOrEqual(8 * 3.6 - 1e-9); expect(v).toBeLessThanOrEqual(12 * 3.6 + 1e-9); }
  });
});

describe('the base scenario', () => {
  it('runs as a scenario of its own too', () => {
    const file = writeFiles({ 'base.xosc': base });
    const [s] = loadScenarioAny(file).variants;
    expect(s.objects![0].speedKph).toBe(36);
  });
});
