import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';

/** One problem with a JSON value, for a person: `objects[0].access.write is not allowed; …`. */
export interface SchemaProblem {
  /** Where: `objects[0].access.write`; empty for the value itself. */
  field: string;
  message: string;
}

type Json = Record<string, unknown>;

/** `/objects/0/access` → `objects[0].access`. */
function fieldOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : join(path, part)), '');
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** The sub-schema a `schemaPath` (`#/properties/objects/items`) points at, if any. */
function schemaAt(root: TSchema, schemaPath: string): Json | undefined {
  let node: unknown = root;
  for (const part of schemaPath.split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Json)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return typeof node === 'object' && node !== null ? (node as Json) : undefined;
}

function propertyNames(schema: Json | undefined): string {
  const properties = schema?.properties;
  return typeof properties === 'object' && properties !== null
    ? Object.keys(properties).join(', ')
    : '';
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(root: unknown, instancePath: string): unknown {
  let node = root;
  for (const part of instancePath.split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Json)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return node;
}

const A_TYPE: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  boolean: 'true or false',
  number: 'a number',
  integer: 'a whole number',
};

/**
 * Every problem TypeBox finds in `value`, in words a person writing the JSON can act on. A string
 * schema's `description` is used to say what a value should look like when it fails a pattern.
 */
export function describeSchemaErrors(schema: TSchema, value: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const error of Value.Errors(schema, value)) {
    const field = fieldOf(error.instancePath);
    const name = field === '' ? 'the value' : field;
    const at = schemaAt(schema, error.schemaPath);
    switch (error.keyword) {
      case 'boolean':
        // `additionalProperties: false` reports each extra key twice; the next case words it.
        break;
      case 'required':
        for (const key of error.params.requiredProperties)
          problems.push({ field: join(field, key), message: `${join(field, key)} is required` });
        break;
      case 'additionalProperties':
        for (const key of error.params.additionalProperties)
          problems.push({
            field: join(field, key),
            message: `${join(field, key)} is not allowed; ${name} takes ${propertyNames(at)}`,
          });
        break;
      case 'minProperties':
        problems.push({ field, message: `${name} must name at least one of ${propertyNames(at)}` });
        break;
      case 'enum':
        problems.push({
          field,
          message: `${name} must be one of ${error.params.allowedValues.map(shown).join(', ')}, not ${shown(valueAt(value, error.instancePath))}`,
        });
        break;
      case 'pattern':
        problems.push({
          field,
          message: `${name} must be ${typeof at?.description === 'string' ? at.description : `text matching ${error.params.pattern}`}, not ${shown(valueAt(value, error.instancePath))}`,
        });
        break;
      case 'minLength':
        problems.push({
          field,
          message:
            error.params.limit <= 1
              ? `${name} must not be empty`
              : `${name} must have at least ${error.params.limit} characters`,
        });
        break;
      case 'maxLength':
        problems.push({
          field,
          message: `${name} must have at most ${error.params.limit} characters`,
        });
        break;
      case 'maxItems':
        problems.push({
          field,
          message: `${name} must have at most ${error.params.limit} entries`,
        });
        break;
      case 'type': {
        const type = String(error.params.type);
        problems.push({ field, message: `${name} must be ${A_TYPE[type] ?? type}` });
        break;
      }
      default:
        problems.push({ field, message: `${name} ${error.message}` });
    }
  }
  return problems;
}
