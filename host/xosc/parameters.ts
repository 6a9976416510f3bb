// Parameter scopes (ASAM OSC 1.x "Parameters"): declarations are evaluated in order, a scope sees
// its parents', and attribute values are resolved when they are read: a literal, `$name`, or `${expr}`.
import { notSupported, refuse } from './errors.js';
import { evaluateExpression, ExpressionError, type Value } from './expression.js';
import { childrenNamed, type XmlNode } from './xml.js';

const TYPES = new Set(['double', 'integer', 'unsignedInt', 'unsignedShort', 'boolean', 'string', 'dateTime']);

export class Scope {
  private readonly values = new Map<string, Value>();
  constructor(readonly parent?: Scope) {}

  has(name: string): boolean { return this.values.has(name) || (this.parent?.has(name) ?? false); }
  get(name: string): Value | undefined { return this.values.has(name) ? this.values.get(name) : this.parent?.get(name); }
  set(name: string, v: Value): void { this.values.set(name, v); }

  /** Adds the `<ParameterDeclarations>` of `owner` (if any); `overrides` replace declared values. */
  declare(owner: XmlNode, overrides?: Map<string, Value>, what = 'ParameterDeclarations'): Scope {
    for (const decls of childrenNamed(owner, what)) {
      for (const d of decls.children) {
        const name = d.attrs.name;
        if (!name) refuse(d, 'a declaration needs a name');
        const type = d.attrs.parameterType ?? d.attrs.variableType ?? 'string';
        if (!TYPES.has(type)) refuse(d, `unknown type "${type}"`);
        if (childrenNamed(d, 'ConstraintGroup').length) notSupported(childrenNamed(d, 'ConstraintGroup')[0], 'parameter constraints');
        const raw = overrides?.has(name) ? overrides.get(name)! : resolveText(d, 'value', this, true);
        this.set(name, typed(d, raw, type));
      }
    }
    return this;
  }
}

function typed(node: XmlNode, v: Value, type: string): Value {
  if (type === 'string' || type === 'dateTime') return String(v);
  if (type === 'boolean') {
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    refuse(node, `"${v}" is not a boolean`);
  }
  const n = typeof v === 'number' ? v : Number(v);
  if (typeof v === 'boolean' || String(v).trim() === '' || !Number.isFinite(n)) refuse(node, `"${v}" is not a number (${type})`);
  if (type !== 'double' && !Number.isInteger(n)) refuse(node, `"${v}" is not an integer (${type})`);
  return n;
}

/** Resolves an attribute's text (literal, `$name`, `${expr}`) in `scope`. */
export function resolveText(node: XmlNode, attr: string, scope: Scope, required = false): Value {
  const raw = node.attrs[attr];
  if (raw === undefined) {
    if (required) refuse(node, `attribute "${attr}" is required`);
    return '';
  }
  const lookup = (name: string): Value => {
    const v = scope.get(name);
    if (v === undefined) refuse(node, `${attr}: unknown parameter "$${name}"`);
    return v;
  };
  if (raw.startsWith('${')) {
    if (!raw.endsWith('}')) refuse(node, `${attr}: expression "${raw}" has no closing "}"`);
    try {
      return evaluateExpression(raw.slice(2, -1), lookup);
    } catch (e) {
      if (e instanceof ExpressionError) refuse(node, `${attr}: ${raw}: ${e.message}`);
      throw e;
    }
  }
  if (raw.startsWith('$')) return lookup(raw.slice(1));
  return raw;
}

/** Typed attribute readers bound to one scope. */
export class Attrs {
  constructor(readonly scope: Scope) {}
  has(node: XmlNode, attr: string): boolean { return node.attrs[attr] !== undefined; }
  str(node: XmlNode, attr: string): string { return String(resolveText(node, attr, this.scope, true)); }
  optStr(node: XmlNode, attr: string): string | undefined { return this.has(node, attr) ? this.str(node, attr) : undefined; }
  num(node: XmlNode, attr: string): number {
    const v = resolveText(node, attr, this.scope, true);
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (!Number.isFinite(n)) refuse(node, `${attr}: "${v}" is not a number`);
    return n;
  }
  optNum(node: XmlNode, attr: string, fallback: number): number { return this.has(node, attr) ? this.num(node, attr) : fallback; }
  bool(node: XmlNode, attr: string, fallback?: boolean): boolean {
    if (!this.has(node, attr) && fallback !== undefined) return fallback;
    const v = resolveText(node, attr, this.scope, true);
    if (v === true || v === 'true' || v === '1') return true;
    if (v === false || v === 'false' || v === '0') return false;
    return refuse(node, `${attr}: "${v}" is not a boolean`);
  }
  /** An attribute that names a parameter or variable (parameterRef, variableRef): never resolved,
   * a leading "$" (as OSC 1.0 files write it) dropped. */
  name(node: XmlNode, attr: string): string {
    const raw = node.attrs[attr];
    if (raw === undefined || raw === '' || raw === '$') refuse(node, `attribute "${attr}" is required`);
    return raw.startsWith('$') ? raw.slice(1) : raw;
  }
  /** An enumeration value; OSC 1.2 renamed some (`overwrite` → `override`), both spellings are listed by the caller. */
  oneOf<T extends string>(node: XmlNode, attr: string, allowed: readonly T[], fallback?: T): T {
    if (!this.has(node, attr) && fallback !== undefined) return fallback;
    const v = this.str(node, attr);
    if (!(allowed as readonly string[]).includes(v)) refuse(node, `${attr}: "${v}" is not one of ${allowed.join(', ')}`);
    return v as T;
  }
}
