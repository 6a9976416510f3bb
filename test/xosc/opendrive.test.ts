// OpenDRIVE 1.x reduced to s, lanes and curvature: each plan-view shape gives the curvature its
// definition says (line 0, arc 1/R, spiral linear in s, poly3/paramPoly3 from their derivatives),
// lane centres sit where the lane widths put them, and lane offsets shift them.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOpenDrive } from '../../host/xosc/opendrive/road.js';
import { FIXTURES, STRAIGHT } from './compose.js';

const road = loadOpenDrive(join(FIXTURES, 'roads', 'geometry-mix.xodr')).roads.get('7')!;

describe('OpenDRIVE plan view', () => {
  it('line: curvature 0, heading 0, x = s', () => {
    expect(road.curvature(50)).toBe(0);
    expect(road.toRoad(42, 0).s).toBeCloseTo(42, 6);
  });
  it('arc: curvature 1/R everywhere on it (R 500 m)', () => {
    for (const s of [101, 150, 199]) expect(road.curvature(s)).toBeCloseTo(0.002, 9);
  });
  it('arc: heading grows by length/R (100 m on R 500 m: 0.2 rad)', () => {
    expect(road.headingAt(199.95) - road.headingAt(100)).toBeCloseTo(0.2, 3);
  });
  it('spiral: curvature falls linearly from curvStart to curvEnd', () => {
    expect(road.curvature(225)).toBeCloseTo(0.0015, 5);
    expect(road.curvature(250)).toBeCloseTo(0.001, 5);
    expect(road.curvature(275)).toBeCloseTo(0.0005, 5);
  });
  it('poly3 and normalized paramPoly3 that are straight: curvature 0', () => {
    expect(road.curvature(350)).toBeCloseTo(0, 12);
    expect(road.curvature(450)).toBeCloseTo(0, 12);
  });
  it("arcLength paramPoly3 v = 0.001·p²: curvature 2·0.001 at its start, v''/(1+v'²)^1.5 along it", () => {
    expect(road.curvature(500.05)).toBeCloseTo(0.002, 5);
    const p = 50, d1 = 2 * 0.001 * p;
    expect(road.curvature(550)).toBeCloseTo(0.002 / Math.pow(1 + d1 * d1, 1.5), 4);
  });
});

describe('OpenDRIVE lanes', () => {
  it('right lanes: centre of -1 at −w/2, of -2 at −(w1 + w2/2)', () => {
    expect(road.laneCentreT(-1, 10)).toBeCloseTo(-1.75, 9);
    expect(road.laneCentreT(-2, 10)).toBeCloseTo(-(3.5 + 3.75 / 2), 9);
    expect(road.laneCentreT(1, 10)).toBeCloseTo(1.75, 9);
  });
  it('a new laneSection changes the lanes and a width polynomial grows along it (a + b·ds)', () => {
    expect(road.laneIds(100).sort((a, b) => a - b)).toEqual([-2, -1, 1]);
    expect(road.laneIds(260).sort((a, b) => a - b)).toEqual([-3, -2, -1, 1]);
    expect(road.laneWidth(-1, 260)).toBeCloseTo(3.25 + 0.001 * 10, 9);
  });
  it('laneOffset shifts every lane (0.5 m from s = 300)', () => {
    expect(road.laneCentreT(1, 310) - road.laneCentreT(1, 290)).toBeCloseTo(0.5, 9);
  });
  it('finds the lane that holds a lateral position', () => {
    expect(road.laneAt(10, -1)).toBe(-1);
    expect(road.laneAt(10, -5)).toBe(-2);
    expect(road.laneAt(10, 2)).toBe(1);
  });
  it('right-hand traffic: negative lanes drive towards +s', () => {
    const straight = loadOpenDrive(STRAIGHT).roads.get('1')!;
    expect(straight.alongS(-1)).toBe(true);
    expect(straight.alongS(1)).toBe(false);
  });
});
