// What the compiler carries while it walks a scenario file.
import type { CatalogIndex } from '../catalogs.js';
import { refuse } from '../errors.js';
import type { OdrRoad } from '../opendrive/road.js';
import type { Attrs } from '../parameters.js';
import type { EntityInfo } from '../runtime/program.js';
import type { XmlNode } from '../xml.js';

export type EgoMode = 'engaged' | 'aeb-only' | 'hold';
export const EGO_MODES: readonly EgoMode[] = ['engaged', 'aeb-only', 'hold'];

export interface EntityDef extends EntityInfo {
  kind: 'car' | 'truck' | 'cone' | 'barrier' | 'pedestrian';
  node: XmlNode;
  hasController: boolean;
  /** Init state: s, t of the reference point, heading relative to +s, speed. */
  s?: number; t?: number; headingRel?: number; speedMps?: number;
  moves: boolean;
}

export interface Ctx {
  file: string;
  attrs: Attrs;
  catalogs: CatalogIndex;
  road: OdrRoad | null;
  xodrPath: string | null;
  entities: EntityDef[];
  ego: number;
  egoMode: EgoMode;
  elementNames: string[];
  elementKinds: string[];
  /** The enclosing storyboard element of each element (-1 for stories). */
  elementParents: number[];
  stateRefs: { test: { element: number }; name: string; type: string; node: XmlNode }[];
  notes: string[];
  /** Actions from Init that run over time: played as an implicit event at t = 0. */
  inInit: boolean;
}

export function entityIndex(ctx: Ctx, node: XmlNode, attr = 'entityRef'): number {
  const name = ctx.attrs.str(node, attr);
  const i = ctx.entities.findIndex((e) => e.name === name);
  if (i < 0) refuse(node, `${attr}: no entity named "${name}"`);
  return i;
}

export function newElement(ctx: Ctx, name: string, kind: string, parent = -1): number {
  ctx.elementNames.push(name);
  ctx.elementKinds.push(kind);
  ctx.elementParents.push(parent);
  return ctx.elementNames.length - 1;
}

export const withAttrs = (ctx: Ctx, attrs: Attrs): Ctx => ({ ...ctx, attrs });
