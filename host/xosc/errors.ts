// Every refusal of the OpenSCENARIO importer: the file, the element's path (and line) and why.
// A ScenarioError, so the CLI prints it as one line and exits 1 like any bad scenario file.
import { ScenarioError } from '../sim/scenario.js';
import type { XmlNode } from './xml.js';

export class XoscError extends ScenarioError {}

/** `/OpenSCENARIO/Storyboard/Story/Act (line 12)`. */
export function elementPath(node: XmlNode): string {
  const names: string[] = [];
  for (let n: XmlNode | undefined = node; n; n = n.parent) names.unshift(n.name);
  return `/${names.join('/')} (line ${node.line})`;
}

export function refuse(node: XmlNode, reason: string): never {
  throw new XoscError(node.file, elementPath(node), reason);
}

export const notSupported = (node: XmlNode, why?: string): never => refuse(node, why ? `not supported: ${why}` : 'not supported');
