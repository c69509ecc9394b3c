/**
 * The parsed form of a SOQL statement. Every node keeps the offset it started at so schema
 * errors can point at it (`ERROR at Row:1:Column:12`).
 * @see https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm
 */

/** A field path as written: `Name`, `Account.Owner.Name`. */
export interface FieldRef {
  path: string[];
  start: number;
}

/** `COUNT()`, `SUM(Amount)`, `CALENDAR_YEAR(CreatedDate)`, `toLabel(Status)`. Name upper-cased. */
export interface FunctionCall {
  name: string;
  arg: FieldRef | null;
  start: number;
}

/** What a condition, ORDER BY or GROUP BY item applies to. */
export type Operand = { kind: 'field'; field: FieldRef } | { kind: 'function'; call: FunctionCall };

export type SelectItem =
  | { kind: 'field'; field: FieldRef; alias: string | null }
  | { kind: 'function'; call: FunctionCall; alias: string | null }
  | { kind: 'subquery'; query: SoqlQuery; start: number };

export type Literal =
  | { kind: 'string'; value: string; wildcards: number[]; start: number }
  | { kind: 'number'; value: number; text: string; start: number }
  | { kind: 'boolean'; value: boolean; start: number }
  | { kind: 'null'; start: number }
  | { kind: 'date'; text: string; start: number }
  | { kind: 'datetime'; text: string; start: number }
  /** `TODAY`, `LAST_N_DAYS:30` (n is null for the fixed ones). */
  | { kind: 'dateLiteral'; name: string; n: number | null; start: number };

export type CompareOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE';
export type SetOperator = 'IN' | 'NOT IN' | 'INCLUDES' | 'EXCLUDES';

export type Condition =
  | { kind: 'and'; items: Condition[] }
  | { kind: 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; left: Operand; op: CompareOperator; right: Literal; start: number }
  | { kind: 'set'; left: Operand; op: SetOperator; values: Literal[]; start: number }
  /** `Id IN (SELECT AccountId FROM Contact)` */
  | { kind: 'semijoin'; left: Operand; op: 'IN' | 'NOT IN'; query: SoqlQuery; start: number };

export interface OrderItem {
  operand: Operand;
  descending: boolean;
  /** null: Salesforce's default (nulls first). */
  nullsLast: boolean | null;
}

export interface SoqlQuery {
  select: SelectItem[];
  /** For a subquery in the SELECT list, the child relationship name. */
  from: { name: string; alias: string | null; start: number };
  /** `USING SCOPE mine` */
  scope: { name: string; start: number } | null;
  where: Condition | null;
  groupBy: Operand[];
  having: Condition | null;
  orderBy: OrderItem[];
  limit: { value: number; start: number } | null;
  offset: { value: number; start: number } | null;
}
