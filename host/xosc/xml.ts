// XML → a small element tree that keeps each element's file and line (saxes reports them),
// so a refusal can name the element. Comments and whitespace are dropped; text is kept.
import { SaxesParser } from 'saxes';
import { readInputFile } from '../util/read-input-file.js';
import { XoscError } from './errors.js';

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
  line: number;
  file: string;
  parent?: XmlNode;
}

export function parseXml(text: string, file: string): XmlNode {
  const parser = new SaxesParser({ position: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  parser.on('opentag', (tag) => {
    const parent = stack[stack.length - 1];
    const node: XmlNode = { name: tag.name, attrs: { ...(tag.attributes as Record<string, string>) }, children: [], text: '', line: parser.line, file, parent };
    if (parent) parent.children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('closetag', () => { stack.pop(); });
  parser.on('text', (t) => { if (stack.length) stack[stack.length - 1].text += t; });
  parser.on('cdata', (t) => { if (stack.length) stack[stack.length - 1].text += t; });
  try {
    parser.write(text).close();
  } catch (e) {
    throw new XoscError(file, `line ${parser.line}`, `malformed XML: ${(e as Error).message.replace(/^(?:[^:\n]*:)?\d+:\d+: /, '')}`);
  }
  if (!root) throw new XoscError(file, '', 'malformed XML: no root element');
  return root;
}

const cache = new Map<string, XmlNode>();

/** Reads and parses a file once per process (a distribution runs the same base file many times). */
export function readXmlFile(path: string): XmlNode {
  const hit = cache.get(path);
  if (hit) return hit;
  let text: string;
  try {
    text = readInputFile(path).toString('utf8');
  } catch (e) {
    throw new XoscError(path, '', `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const root = parseXml(text, path);
  cache.set(path, root);
  return root;
}

export const child = (node: XmlNode, name: string): XmlNode | undefined => node.children.find((c) => c.name === name);
export const childrenNamed = (node: XmlNode, name: string): XmlNode[] => node.children.filter((c) => c.name === name);
