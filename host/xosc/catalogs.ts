// Catalogs (ASAM OSC 1.x "Reusing content"): every catalog file found in the directories of
// CatalogLocations, indexed by catalog name and entry name; a reference gets the entry with its
// own parameter scope, declared defaults overridden by the reference's ParameterAssignments.
import { readdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { refuse } from './errors.js';
import type { Value } from './expression.js';
import { Attrs, Scope } from './parameters.js';
import { child, childrenNamed, readXmlFile, type XmlNode } from './xml.js';

export class CatalogIndex {
  private readonly catalogs = new Map<string, Map<string, XmlNode>>();
  private readonly unreadable: string[] = [];

  constructor(root: XmlNode, baseDir: string, attrs: Attrs) {
    const locations = child(root, 'CatalogLocations');
    for (const loc of locations?.children ?? []) {
      const dir = child(loc, 'Directory');
      if (!dir) refuse(loc, 'a catalog location needs a Directory');
      const raw = attrs.str(dir, 'path');
      const path = isAbsolute(raw) ? raw : resolve(baseDir, raw);
      let files: string[];
      try {
        files = readdirSync(path).filter((f) => f.toLowerCase().endsWith('.xosc')).sort();
      } catch {
        // Only an error if a reference needs it (esmini's files list folders they never use).
        this.unreadable.push(`${loc.name} "${raw}" (${path})`);
        continue;
      }
      for (const f of files) {
        const doc = readXmlFile(join(path, f));
        const catalog = child(doc, 'Catalog');
        if (!catalog) continue;
        const name = catalog.attrs.name ?? '';
        const entries = this.catalogs.get(name) ?? new Map<string, XmlNode>();
        for (const entry of catalog.children) if (entry.attrs.name !== undefined) entries.set(entry.attrs.name, entry);
        this.catalogs.set(name, entries);
      }
    }
  }

  /** The entry a CatalogReference points to, and the scope its attributes resolve in. */
  resolve(ref: XmlNode, attrs: Attrs): { entry: XmlNode; attrs: Attrs } {
    const catalogName = attrs.str(ref, 'catalogName');
    const entryName = attrs.str(ref, 'entryName');
    const catalog = this.catalogs.get(catalogName);
    if (!catalog) refuse(ref, `unresolvable catalog reference: no catalog named "${catalogName}" in the CatalogLocations${this.unreadable.length ? ` (cannot read ${this.unreadable.join(', ')})` : ''}`);
    const entry = catalog.get(entryName);
    if (!entry) refuse(ref, `unresolvable catalog reference: catalog "${catalogName}" has no entry "${entryName}"`);
    const overrides = new Map<string, Value>();
    const assignments = child(ref, 'ParameterAssignments');
    const declared = new Set(childrenNamed(child(entry, 'ParameterDeclarations') ?? entry, 'ParameterDeclaration').map((d) => d.attrs.name));
    for (const a of assignments ? childrenNamed(assignments, 'ParameterAssignment') : []) {
      const name = attrs.name(a, 'parameterRef');
      if (!declared.has(name)) refuse(a, `catalog entry "${entryName}" declares no parameter "${name}"`);
      overrides.set(name, attrs.str(a, 'value'));
    }
    // Catalog entries see only their own parameters (and the assignments made by the reference).
    return { entry, attrs: new Attrs(new Scope().declare(entry, overrides)) };
  }
}
