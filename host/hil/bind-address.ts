// "host:port" parsing with the loopback-by-default rule: the ECU is a safety node; exposing it to a
// network takes an explicit decision (--allow-non-loopback).
import { isIP } from 'node:net';
import { HilError } from './errors.js';

export interface BindAddress { host: string; port: number }

export function isLoopback(host: string): boolean {
  return host === 'localhost' || /^127\./.test(host) || host === '::1';
}

export function parseHostPort(text: string, what: string, defaultHost = '127.0.0.1'): BindAddress {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text) ?? (/^\d+$/.test(text) ? [text, undefined, defaultHost, text] : null);
  if (!m) throw new HilError(`${what}: "${text}" is not host:port`);
  const host = m[1] ?? (m[2] || defaultHost);
  const port = Number(m[3]);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new HilError(`${what}: port ${m[3]} is outside 0…65535`);
  if (host !== 'localhost' && isIP(host) === 0) throw new HilError(`${what}: "${host}" is not an IP address`);
  return { host, port };
}

export function checkBind(addr: BindAddress, allowNonLoopback: boolean, what: string): void {
  if (!isLoopback(addr.host) && !allowNonLoopback) {
    throw new HilError(`${what}: ${addr.host} is not a loopback address; the ECU binds to loopback unless --allow-non-loopback is given`);
  }
}
