// The CLI a user runs: one JSON object with the documented fields, help everywhere, exit codes.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DERIVED_EVENTS } from '../host/sim/timeline.js';
import { hpa } from './helpers.js';

const EVENT_TYPES = ['engaged', 'fcw', 'aeb', 'takeoverRequest', 'driverTakeover', 'hor', 'horEscalated', 'eyesOffWarning', 'eyesOffEscalated', 'takeControlNow', 'mrm', 'standstill', 'fault', 'disengaged', 'lockout', 'collision', ...DERIVED_EVENTS];

describe('hpa run --json', () => {
  it('prints exactly one JSON object with the documented fields, events in time order', () => {
    const r = hpa(['run', 'scenarios/gb-construction-zone-116kph.json', '--firmware', '1.1.0', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const key of ['scenario', 'collision', 'impactSpeedKph', 'minGapM', 'minTtcS', 'maxDecelMps2', 'finalSpeedKph', 'assistActiveAtEnd', 'cycles', 'events']) expect(out).toHaveProperty(key);
    expect(out.firmware.version).toBe('1.1.0');
    expect(out.firmware.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(out.scenario).toBe('gb-construction-zone-116kph');
    expect(out.impactSpeedKph).toBeNull();
    expect(out.cycles).toBe(6000); // 60 s at 10 ms (the scenario runs until 1.0.0 reaches the closure, issue 7)
    const times = out.events.map((e: { tS: number }) => e.tS);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const e of out.events) expect(EVENT_TYPES).toContain(e.type);
  });

  it('exits 0 when the run completed even if it ended in a collision', () => {
    const r = hpa(['run', 'recall-accident-116kph', '--firmware', '1.0.0', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.collision).toBe(true);
    expect(out.events.at(-1).type).toBe('collision');
    expect(out.impactSpeedKph).toBeGreaterThan(0);
  });

  it('runs a grid file as {scenario, runs}', () => {
    const r = hpa(['run', 'euro-ncap-ccrb', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.scenario).toBe('euro-ncap-ccrb');
    expect(out.runs).toHaveLength(4);
  });
});

describe('hpa run outputs for engineers', () => {
  it('--plot writes an SVG, --trace a CSV, --edr the recorder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hpa-out-'));
    const r = hpa(['run', 'euro-ncap-ccrs', '--variant', '=50', '--plot', join(dir, 'p.svg'), '--trace', join(dir, 't.csv'), '--edr', join(dir, 'edr.json')]);
    expect(r.status).toBe(0);
    const svg = readFileSync(join(dir, 'p.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('euro-ncap-ccrs@ego.speedKph=50');
    const csv = readFileSync(join(dir, 't.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toContain('egoSpeedKph');
    expect(csv).toHaveLength(1 + 1400);
    const edr = JSON.parse(readFileSync(join(dir, 'edr.json'), 'utf8'));
    expect(edr.triggerEvents).toContain('fcw');
    expect(edr.samples.length).toBeGreaterThan(100);
  });
});

describe('hpa list, demo, help', () => {
  it('lists the shipped scenarios and the built firmware', () => {
    const out = JSON.parse(hpa(['list', '--json']).stdout);
    expect(out.firmware.map((f: { version: string; build: string }) => `${f.version}/${f.build}`)).toEqual(expect.arrayContaining(['1.0.0/release', '1.1.0/release', '1.1.0/debug']));
    expect(out.scenarios.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['gb-construction-zone-116kph', 'euro-ncap-ccrs', 'recall-accident-116kph']));
  });

  it('demo shows 1.0.0 failing the recall scenarios and 1.1.0 passing the whole library', () => {
    const r = hpa(['demo', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.storyHolds).toBe(true);
    expect(out.library.failed).toBe(0);
    const accident = out.recall.find((x: { scenario: string }) => x.scenario === 'recall-accident-116kph');
    expect(accident.old.collision).toBe(true);
    expect(accident.new.collision).toBe(false);
    // The climax: the recall release swapped in live; a tampered copy refused, that car stays on 1.0.0.
    expect(out.ota.genuine.outcome).toBe('confirmed');
    expect(out.ota.genuine.collision).toBe(false);
    expect(out.ota.tampered.refusal).toBe('hash-mismatch');
    expect(out.ota.tampered.versionAtEnd).toBe('1.0.0');
  });

  it.each(['run', 'list', 'demo', 'schema', 'check', 'calibration'])('%s --help explains the command', (cmd) => {
    const r = hpa([cmd, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: hpa ${cmd}`);
  });
});
