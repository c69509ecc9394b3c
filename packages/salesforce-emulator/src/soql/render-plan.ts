import type { SObjectRecord } from '../data/sobject-table.ts';
import type { ObjectDefinition } from '../schema/field-definition.ts';
import type { Getter } from './bind-context.ts';
import type { ChildRelationship } from './child-relationships.ts';
import type { Predicate } from './compile-condition.ts';
import type { RelationshipHop, ResolvedField } from './field-path.ts';
import { scanTable, type ScanScope } from './scan-table.ts';
import { sortRows, type SortSpec } from './sort-rows.ts';

/** The shape of one rendered record: its keys in SELECT order. */
export interface RenderPlan {
  items: RenderItem[];
}

export type RenderItem =
  | { kind: 'value'; key: string; get: Getter }
  | { kind: 'parent'; key: string; hop: RelationshipHop; plan: RenderPlan }
  | { kind: 'children'; key: string; child: ChildPlan };

/** A parent-to-child subquery (`(SELECT Id FROM Contacts WHERE … ORDER BY … LIMIT n)`). */
export interface ChildPlan {
  relationship: ChildRelationship;
  predicate: Predicate<SObjectRecord> | null;
  sort: Array<SortSpec<SObjectRecord>>;
  /** Per parent, as Salesforce applies a subquery's LIMIT. */
  limit: number | null;
  plan: RenderPlan;
}

/** Where rendering reads from and how record urls start (`/services/data/v58.0`). */
export interface RenderEnv extends ScanScope {
  basePath: string;
}

/** Adds a selected field to a plan, creating the nested parent objects its path passes. */
export function addField(plan: RenderPlan, resolved: ResolvedField): void {
  let node = plan;
  for (const hop of resolved.hops) {
    let item = node.items.find((i) => i.kind === 'parent' && i.key === hop.name);
    if (!item) {
      item = { kind: 'parent', key: hop.name, hop, plan: { items: [] } };
      node.items.push(item);
    }
    node = (item as { plan: RenderPlan }).plan;
  }
  node.items.push({ kind: 'value', key: resolved.field.name, get: resolved.leaf });
}

type Rendered = Record<string, unknown>;

function childRows(
  env: RenderEnv,
  child: ChildPlan,
  parents: SObjectRecord[],
): Map<string, SObjectRecord[]> {
  const groups = new Map<string, SObjectRecord[]>();
  if (parents.length === 0) return groups;
  const ids = new Set(parents.map((p) => p.Id));
  const fk = child.relationship.field.name;
  const predicate = child.predicate;
  const rows = scanTable(env, child.relationship.childSObject, (r) => {
    const id = r[fk];
    return typeof id === 'string' && ids.has(id) && (predicate === null || predicate(r));
  });
  for (const r of rows) {
    const id = r[fk] as string;
    const list = groups.get(id);
    if (list) list.push(r);
    else groups.set(id, [r]);
  }
  for (const [id, list] of groups) {
    let rowsOfParent = child.sort.length > 0 ? sortRows(list, child.sort) : list;
    if (child.limit !== null) rowsOfParent = rowsOfParent.slice(0, child.limit);
    if (rowsOfParent.length === 0) groups.delete(id);
    else groups.set(id, rowsOfParent);
  }
  return groups;
}

function renderOne(
  env: RenderEnv,
  record: SObjectRecord,
  def: ObjectDefinition,
  plan: RenderPlan,
  children: Array<Map<string, Rendered[]>>,
): Rendered {
  const out: Rendered = {
    attributes: { type: def.name, url: `${env.basePath}/sobjects/${def.name}/${record.Id}` },
  };
  let c = 0;
  for (const item of plan.items) {
    if (item.kind === 'value') out[item.key] = item.get(record);
    else if (item.kind === 'parent') {
      const parent = item.hop.resolve(record[item.hop.field.name]);
      out[item.key] =
        parent === null ? null : renderOne(env, parent, item.hop.defOf(parent), item.plan, []);
    } else {
      const list = children[c++]?.get(record.Id);
      out[item.key] = list ? { totalSize: list.length, done: true, records: list } : null;
    }
  }
  return out;
}

/**
 * Renders records in the REST shape: `attributes {type, url}` first, then the selected keys in
 * SELECT order; a parent relationship is a nested record or null; a child subquery is
 * `{totalSize, done, records}` or null when the record has no matching children.
 * @see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm
 */
export function renderRecords(
  env: RenderEnv,
  records: SObjectRecord[],
  def: ObjectDefinition,
  plan: RenderPlan,
): Rendered[] {
  const children: Array<Map<string, Rendered[]>> = [];
  for (const item of plan.items) {
    if (item.kind !== 'children') continue;
    const groups = childRows(env, item.child, records);
    const all = [...groups.values()].flat();
    const rendered = renderRecords(env, all, item.child.relationship.childSObject, item.child.plan);
    const byParent = new Map<string, Rendered[]>();
    let i = 0;
    for (const [id, list] of groups) {
      byParent.set(id, rendered.slice(i, i + list.length));
      i += list.length;
    }
    children.push(byParent);
  }
  return records.map((r) => renderOne(env, r, def, plan, children));
}
