// ASAM OpenSCENARIO 1.x expressions (`${…}`): arithmetic with the usual precedence, unary minus,
// the listed functions, parameter references and booleans — and errors for anything else.
import { describe, expect, it } from 'vitest';
import { evaluateExpression, ExpressionError } from '../../host/xosc/expression.js';

const params: Record<string, number | string | boolean> = { Speed: 20, Factor: 1.5, Name: 'car', Flag: true };
const lookup = (n: string) => {
  if (!(n in params)) throw new ExpressionError(`unknown parameter "$${n}"`);
  return params[n];
};
const ev = (text: string) => evaluateExpression(text, lookup);

describe('OpenSCENARIO expressions', () => {
  it.each([
    ['2 + 3 * 4', 14], ['(2 + 3) * 4', 20], ['10 - 4 - 3', 3], ['2 * 3 / 4', 1.5], ['7 % 4', 3], ['-2 * -3', 6], ['-(2 + 3)', -5],
    ['$Speed / 3.6 * 3.6', 20], ['$Speed * $Factor', 30], ['1.5e2 + .5', 150.5],
    ['sign(-3)', -1], ['sign(0)', 0], ['abs(-2.5)', 2.5], ['max(1, $Speed)', 20], ['min(1, $Speed)', 1],
    ['round(2.5)', 3], ['round(-2.5)', -3], ['floor(-1.5)', -2], ['ceil(1.2)', 2], ['sqrt(16)', 4], ['pow(2, 10)', 1024],
  ])('${%s} = %d', (text, value) => expect(ev(text as string)).toBeCloseTo(value as number, 12));

  it.each([
    ['true', true], ['false', false], ['not true', false], ['true and false', false], ['true or false', true],
    ['not false and $Flag', true], ['false or not $Flag', false],
  ])('${%s} is %s', (text, value) => expect(ev(text as string)).toBe(value));

  it.each([
    ['$Missing + 1', /unknown parameter "\$Missing"/],
    ['1 / 0', /division by zero/],
    ['2 +', /end of expression/],
    ['(1 + 2', /expected "\)"/],
    ['foo(1)', /unknown name "foo"/],
    ['1 + true', /needs a number/],
    ['not 1', /needs a boolean/],
    ['$Name * 2', /needs a number/],
    ['1 # 2', /unexpected "#"/],
    ['max(1)', /expected ","/],
  ])('${%s} is refused', (text, message) => expect(() => ev(text as string)).toThrow(message as RegExp));
});
