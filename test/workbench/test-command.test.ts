// `hpa test`: expectations judged per firmware side by side, JUnit XML a CI server reads, exit codes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hpa, ROOT } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hpa-wb-test-'));
const xpath = (file: string, expr: string) => execFileSync('xmllint', ['--xpath', expr, file], { encoding: 'utf8' }).trim();

describe('hpa test on two releases', () => {
  const junit = join(dir, 'out.xml');
  const r = hpa(['test', 'recall-accident-116kph', 'scenarios/gb-cut-in.json', '--firmware', '1.0.0', '--firmware', '1.1.0', '--junit', junit, '--json']);
  const out = JSON.parse(r.stdout);

  it('exits 1 because 1.0.0 fails the recall accident; 1.1.0 passes it', () => {
    expect(r.status).toBe(1);
    expect(out.firmware.map((f: { ref: string }) => f.ref)).toEqual(['1.0.0', '1.1.0']);
    const accident = out.cases.find((c: { scenario: string }) => c.scenario === 'recall-accident-116kph');
    expect(accident.outcomes[0]).toMatchObject({ firmware: '1.0.0', passed: false, collision: true });
    expect(accident.outcomes[0].reasons[0]).toMatch(/^collision with /);
    expect(accident.outcomes[1]).toMatchObject({ firmware: '1.1.0', passed: true, collision: false });
    expect(out.total).toBe(5); // 1 accident + 4 cut-in grid points
    expect(out.failed).toBe(1);
  });

  it('writes JUnit XML that validates against the JUnit shape, counts consistent', () => {
    execFileSync('xmllint', ['--noout', '--schema', join(ROOT, 'test/workbench/junit.xsd'), junit], { stdio: 'pipe' });
    expect(xpath(junit, 'count(/testsuites/testsuite)')).toBe('2');
    expect(xpath(junit, 'string(/testsuites/@tests)')).toBe('10');
    expect(xpath(junit, 'string(/testsuites/@failures)')).toBe('1');
    expect(xpath(junit, 'string(/testsuites/testsuite[@name="firmware 1.0.0"]/@failures)')).toBe('1');
    expect(xpath(junit, 'count(/testsuites/testsuite[@name="firmware 1.0.0"]/testcase)')).toBe('5');
    expect(xpath(junit, 'string(/testsuites/testsuite[@name="firmware 1.0.0"]/testcase[failure]/@name)')).toBe('recall-accident-116kph');
    expect(xpath(junit, 'count(/testsuites/testsuite[@name="firmware 1.1.0"]/testcase[failure])')).toBe('0');
    expect(xpath(junit, 'string(//testsuite[@name="firmware 1.1.0"]/properties/property[@name="firmware.sha256"]/@value)')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('hpa test: table, folders, .wasm files', () => {
  it('all passing: exit 0 and a PASS row per grid point', () => {
    const r = hpa(['test', 'gb-cut-in']);
    expect(r.status).toBe(0);
    expect(r.stdout.match(/PASS/g)).toHaveLength(4);
    expect(r.stdout).toContain('all passed');
  });

  it('a folder is searched recursively; a file that does not load is a failing row, the rest still run', () => {
    mkdirSync(join(dir, 'suite/sub'), { recursive: true });
    writeFileSync(join(dir, 'suite/ok.yaml'), 'name: ok\ndurationS: 2\nroad: {speedLimitKph: 100, lanes: 2}\nego: {speedKph: 80}\nexpect: {collision: false}\n');
    writeFileSync(join(dir, 'suite/sub/bad.json'), '{"name": "bad"}');
    const r = hpa(['test', join(dir, 'suite'), '--json']);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.cases.map((c: { scenario: string; error: string | null }) => [c.scenario.split('/').pop(), c.error !== null])).toEqual([['bad.json', true], ['ok', false]]);
    expect(out.cases[0].error).toContain('durationS: is required');
  });

  it('--firmware takes .wasm files and shows them side by side with their version', () => {
    const r = hpa(['test', 'recall-accident-116kph', '--firmware', 'build/firmware/hpa-1.0.0.wasm,build/firmware/hpa-1.1.0.wasm']);
    expect(r.status).toBe(1);
    const header = r.stdout.split('\n').find((l) => l.includes('scenario'))!;
    expect(header).toContain('build/firmware/hpa-1.0.0.wasm (1.0.0)');
    expect(header).toContain('build/firmware/hpa-1.1.0.wasm (1.1.0)');
    const row = r.stdout.split('\n').find((l) => l.includes('recall-accident-116kph'))!;
    expect(row).toMatch(/FAIL collision.*PASS/);
  });

  it('a --junit path in a missing folder: the table is printed, then one line, exit 1', () => {
    const r = hpa(['test', 'gb-cut-in', '--junit', '/nonexistent-dir/j.xml']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('all passed');
    expect(r.stderr.trim()).toBe('hpa: --junit /nonexistent-dir/j.xml: the folder does not exist');
  });
});
