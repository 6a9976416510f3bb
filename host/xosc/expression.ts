// The OpenSCENARIO `${…}` expression language (ASAM OSC 1.1+, "Expressions"): numbers,
// parameter references `$name`, + - * / %, unary minus, parentheses, the functions round, floor,
// ceil, sqrt, pow, sin, cos, tan, asin, acos, atan, sign, abs, min, max, and booleans
// (true, false, not, and, or). A recursive-descent parser; nothing is ever passed to eval.
export type Value = number | boolean | string;

export class ExpressionError extends Error {}

type Token = { kind: 'num'; value: number } | { kind: 'ref'; name: string } | { kind: 'word'; name: string } | { kind: 'op'; op: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) { tokens.push({ kind: 'num', value: Number(num[0]) }); i += num[0].length; continue; }
    if (c === '$') {
      const name = /^[A-Za-z_][\w.:]*/.exec(text.slice(i + 1));
      if (!name) throw new ExpressionError(`"$" without a parameter name at ${i + 1}`);
      tokens.push({ kind: 'ref', name: name[0] }); i += 1 + name[0].length; continue;
    }
    const word = /^[A-Za-z_]\w*/.exec(text.slice(i));
    if (word) { tokens.push({ kind: 'word', name: word[0] }); i += word[0].length; continue; }
    if ('+-*/%(),'.includes(c)) { tokens.push({ kind: 'op', op: c }); i++; continue; }
    throw new ExpressionError(`unexpected "${c}" at ${i + 1}`);
  }
  return tokens;
}

const FUNCTIONS: Record<string, [number, (...a: number[]) => number]> = {
  round: [1, (a) => Math.sign(a) * Math.round(Math.abs(a))], // half away from zero
  floor: [1, Math.floor], ceil: [1, Math.ceil], sqrt: [1, Math.sqrt], pow: [2, Math.pow],
  sin: [1, Math.sin], cos: [1, Math.cos], tan: [1, Math.tan], asin: [1, Math.asin], acos: [1, Math.acos], atan: [1, Math.atan],
  sign: [1, Math.sign], abs: [1, Math.abs], min: [2, Math.min], max: [2, Math.max],
};

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[], private readonly lookup: (name: string) => Value) {}

  parse(): Value {
    const v = this.or();
    if (this.at < this.tokens.length) throw new ExpressionError(`unexpected ${this.describe(this.tokens[this.at])}`);
    return v;
  }

  private describe(t: Token | undefined): string {
    if (!t) return 'end of expression';
    return t.kind === 'num' ? String(t.value) : t.kind === 'ref' ? `$${t.name}` : t.kind === 'word' ? `"${t.name}"` : `"${t.op}"`;
  }
  private peekWord(name: string): boolean { const t = this.tokens[this.at]; return t?.kind === 'word' && t.name === name; }
  private peekOp(op: string): boolean { const t = this.tokens[this.at]; return t?.kind === 'op' && t.op === op; }
  private expectOp(op: string): void {
    if (!this.peekOp(op)) throw new ExpressionError(`expected "${op}", found ${this.describe(this.tokens[this.at])}`);
    this.at++;
  }
  private bool(v: Value, what: string): boolean {
    if (typeof v !== 'boolean') throw new ExpressionError(`${what} needs a boolean, got ${JSON.stringify(v)}`);
    return v;
  }
  private num(v: Value, what: string): number {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    throw new ExpressionError(`${what} needs a number, got ${JSON.stringify(v)}`);
  }

  private or(): Value {
    let v = this.and();
    while (this.peekWord('or')) { this.at++; const r = this.and(); v = this.bool(v, 'or') || this.bool(r, 'or'); }
    return v;
  }
  private and(): Value {
    let v = this.not();
    while (this.peekWord('and')) { this.at++; const r = this.not(); v = this.bool(v, 'and') && this.bool(r, 'and'); }
    return v;
  }
  private not(): Value {
    if (this.peekWord('not')) { this.at++; return !this.bool(this.not(), 'not'); }
    return this.additive();
  }
  private additive(): Value {
    let v = this.multiplicative();
    while (this.peekOp('+') || this.peekOp('-')) {
      const op = (this.tokens[this.at++] as { op: string }).op;
      const r = this.num(this.multiplicative(), op);
      v = op === '+' ? this.num(v, op) + r : this.num(v, op) - r;
    }
    return v;
  }
  private multiplicative(): Value {
    let v = this.unary();
    while (this.peekOp('*') || this.peekOp('/') || this.peekOp('%')) {
      const op = (this.tokens[this.at++] as { op: string }).op;
      const l = this.num(v, op), r = this.num(this.unary(), op);
      if ((op === '/' || op === '%') && r === 0) throw new ExpressionError('division by zero');
      v = op === '*' ? l * r : op === '/' ? l / r : l % r;
    }
    return v;
  }
  private unary(): Value {
    if (this.peekOp('-')) { this.at++; return -this.num(this.unary(), 'unary -'); }
    return this.primary();
  }
  private primary(): Value {
    const t = this.tokens[this.at++];
    if (!t) throw new ExpressionError('unexpected end of expression');
    if (t.kind === 'num') return t.value;
    if (t.kind === 'ref') return this.lookup(t.name);
    if (t.kind === 'op' && t.op === '(') { const v = this.or(); this.expectOp(')'); return v; }
    if (t.kind === 'word') {
      if (t.name === 'true') return true;
      if (t.name === 'false') return false;
      const fn = FUNCTIONS[t.name];
      if (!fn) throw new ExpressionError(`unknown name "${t.name}" (parameters are written $name)`);
      this.expectOp('(');
      const args: number[] = [];
      for (let k = 0; k < fn[0]; k++) {
        if (k > 0) this.expectOp(',');
        args.push(this.num(this.or(), t.name));
      }
      this.expectOp(')');
      return fn[1](...args);
    }
    throw new ExpressionError(`unexpected ${this.describe(t)}`);
  }
}

/** Evaluates the text between `${` and `}`; `lookup` resolves `$name` (and throws if unknown). */
export function evaluateExpression(text: string, lookup: (name: string) => Value): Value {
  const v = new Parser(tokenize(text), lookup).parse();
  if (typeof v === 'number' && !Number.isFinite(v)) throw new ExpressionError('result is not a finite number');
  return v;
}
