// Entities (ASAM OSC 1.x "Entities"): vehicles, pedestrians and MiscObjects, inline or from a
// catalog, reduced to the simulator's object kinds with their bounding boxes.
import { notSupported, refuse } from '../errors.js';
import { Attrs } from '../parameters.js';
import { child, type XmlNode } from '../xml.js';
import type { Ctx, EntityDef } from './context.js';

const VEHICLE_KIND: Record<string, EntityDef['kind']> = {
  car: 'car', van: 'car', motorbike: 'car', bicycle: 'car', truck: 'truck', bus: 'truck', trailer: 'truck', semitrailer: 'truck',
};

function objectKind(attrs: Attrs, obj: XmlNode, widthM: number): EntityDef['kind'] {
  if (obj.name === 'Vehicle') {
    const cat = attrs.str(obj, 'vehicleCategory');
    const kind = VEHICLE_KIND[cat];
    if (!kind) notSupported(obj, `vehicleCategory "${cat}"`);
    return kind;
  }
  if (obj.name === 'Pedestrian') return 'pedestrian';
  // MiscObjects: a narrow one is a cone-sized obstacle, anything wider a barrier.
  return widthM < 0.5 ? 'cone' : 'barrier';
}

export function compileEntity(ctx: Ctx, so: XmlNode): EntityDef {
  const name = ctx.attrs.str(so, 'name');
  let attrs = ctx.attrs;
  let obj = so.children.find((c) => c.name !== 'ObjectController');
  if (!obj) refuse(so, 'needs a Vehicle, Pedestrian, MiscObject or CatalogReference');
  if (obj.name === 'CatalogReference') ({ entry: obj, attrs } = ctx.catalogs.resolve(obj, ctx.attrs));
  if (!['Vehicle', 'Pedestrian', 'MiscObject'].includes(obj.name)) notSupported(obj, 'entity type');
  const box = child(obj, 'BoundingBox');
  if (!box) refuse(obj, 'needs a BoundingBox');
  const dims = child(box, 'Dimensions'), centre = child(box, 'Center');
  if (!dims || !centre) refuse(box, 'needs Center and Dimensions');
  const widthM = attrs.num(dims, 'width'), lengthM = attrs.num(dims, 'length');
  if (!(widthM > 0 && lengthM > 0)) refuse(dims, 'width and length must be positive');
  const cx = attrs.num(centre, 'x');
  return {
    name, object: -1, frontFromRefM: cx + lengthM / 2, rearFromRefM: cx - lengthM / 2, widthM,
    kind: objectKind(attrs, obj, widthM), node: so, hasController: child(so, 'ObjectController') !== undefined, moves: false,
  };
}

/** The ego's controller is replaced by the ECU; esmini's ACC settings map to the driver's. */
export function egoControllerSettings(ctx: Ctx, ego: EntityDef): { setSpeedMps?: number; timeGapS?: number } {
  const oc = child(ego.node, 'ObjectController');
  if (!oc) return {};
  let controller = child(oc, 'Controller');
  let attrs = ctx.attrs;
  const ref = child(oc, 'CatalogReference');
  if (ref) ({ entry: controller, attrs } = ctx.catalogs.resolve(ref, ctx.attrs));
  if (!controller) refuse(oc, 'needs a Controller or CatalogReference');
  const out: { setSpeedMps?: number; timeGapS?: number } = {};
  const unused: string[] = [];
  for (const p of child(controller, 'Properties')?.children ?? []) {
    if (p.name !== 'Property') continue;
    const key = attrs.str(p, 'name');
    if (key === 'setSpeed') out.setSpeedMps = attrs.num(p, 'value');
    else if (key === 'timeGap') out.timeGapS = attrs.num(p, 'value');
    else unused.push(key);
  }
  ctx.notes.push(`${ego.name}'s controller "${controller.attrs.name ?? ''}" is replaced by the ECU` +
    (unused.length ? `; its properties ${unused.join(', ')} configure that controller and are not used` : ''));
  return out;
}
