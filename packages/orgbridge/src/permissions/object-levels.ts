import { OBJECT_LEVELS, type ObjectLevel } from './requirement-profile.ts';

/** Which levels a user holds on one object. */
export type LevelSet = Record<ObjectLevel, boolean>;

/** The words Setup shows for each level. */
export const LEVEL_LABEL: Record<ObjectLevel, string> = {
  read: 'Read',
  create: 'Create',
  edit: 'Edit',
  delete: 'Delete',
  viewAll: 'View All',
  modifyAll: 'Modify All',
};

/**
 * What each level carries with it. Salesforce will not save a level without these, so holding
 * the level means holding them: Create, Edit and View All need Read; Delete needs Read and Edit;
 * Modify All needs Read, Edit, Delete and View All (not Create).
 * @see https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_objectpermissions.htm
 */
export const LEVEL_NEEDS: Record<ObjectLevel, readonly ObjectLevel[]> = {
  read: [],
  create: ['read'],
  edit: ['read'],
  delete: ['read', 'edit'],
  viewAll: ['read'],
  modifyAll: ['read', 'edit', 'delete', 'viewAll'],
};

export function noLevels(): LevelSet {
  return {
    read: false,
    create: false,
    edit: false,
    delete: false,
    viewAll: false,
    modifyAll: false,
  };
}

/** The levels plus everything they imply. */
export function withImpliedLevels(levels: LevelSet): LevelSet {
  const out = { ...levels };
  for (const level of OBJECT_LEVELS) {
    if (levels[level]) for (const needed of LEVEL_NEEDS[level]) out[needed] = true;
  }
  return out;
}

/** "Read and Edit" for the levels Salesforce ticks along with `level`, or '' when none. */
export function alsoTicked(level: ObjectLevel): string {
  const names = LEVEL_NEEDS[level].map((l) => LEVEL_LABEL[l]);
  if (names.length === 0) return '';
  return names.length === 1
    ? names[0]!
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
}
