import { SalesforceError } from '../salesforce-error.ts';
import { isFixedDateLiteral, isNDateLiteral } from './date-literals.ts';
import type {
  CompareOperator,
  Condition,
  FieldRef,
  FunctionCall,
  Literal,
  Operand,
  OrderItem,
  SelectItem,
  SetOperator,
  SoqlQuery,
} from './soql-ast.ts';
import { malformedQuery } from './soql-error.ts';
import { tokenize, type Token } from './soql-lexer.ts';

/** Longest SOQL statement Salesforce accepts. */
export const MAX_SOQL_LENGTH = 100_000;
/** Deepest nesting of parentheses and subqueries the emulator evaluates. */
const MAX_DEPTH = 64;

/** Words that cannot name a field or an alias. */
const RESERVED = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'INCLUDES',
  'EXCLUDES',
  'ORDER',
  'BY',
  'GROUP',
  'HAVING',
  'LIMIT',
  'OFFSET',
  'ASC',
  'DESC',
  'NULLS',
  'NULL',
  'TRUE',
  'FALSE',
  'WITH',
  'USING',
  'FOR',
  'UPDATE',
  'TYPEOF',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
]);

/** Words that can follow the FROM object (and so end an object alias). */
const CLAUSES = new Set([
  'USING',
  'WHERE',
  'WITH',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'FOR',
  'UPDATE',
]);

const COMPARE_PUNCT = new Set(['=', '!=', '<', '<=', '>', '>=']);

const tooComplicated = () =>
  new SalesforceError(
    400,
    'QUERY_TOO_COMPLICATED',
    'Query is either selecting too many fields or the filter conditions are too complicated.',
  );

/**
 * Parses a SOQL statement into {@link SoqlQuery}. Syntax errors are `MALFORMED_QUERY` with
 * Salesforce's `unexpected token: X` wording and position. As in Salesforce, AND and OR may
 * not be mixed at one level without parentheses, and NOT may only open a (parenthesised)
 * expression.
 * @see https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm
 */
export function parseSoql(soql: string): SoqlQuery {
  if (soql.length > MAX_SOQL_LENGTH) {
    throw new SalesforceError(
      400,
      'MALFORMED_QUERY',
      `SOQL statements cannot be longer than ${MAX_SOQL_LENGTH.toLocaleString('en-US')} characters.`,
    );
  }
  const tokens = tokenize(soql);
  let pos = 0;
  let depth = 0;

  const peek = (k = 0): Token => tokens[Math.min(pos + k, tokens.length - 1)]!;
  const next = (): Token => {
    const t = peek();
    if (pos < tokens.length - 1) pos += 1;
    return t;
  };
  const unexpected = (t: Token) => malformedQuery(soql, t.start, `unexpected token: ${t.text}`);
  const isKeyword = (t: Token, word: string) => t.kind === 'ident' && t.value === word;
  const isPunct = (t: Token, p: string) => t.kind === 'punct' && t.value === p;
  const isName = (t: Token) => t.kind === 'ident' && !RESERVED.has(t.value);
  const expectKeyword = (word: string): Token => {
    const t = next();
    if (!isKeyword(t, word)) throw unexpected(t);
    return t;
  };
  const expectPunct = (p: string): Token => {
    const t = next();
    if (!isPunct(t, p)) throw unexpected(t);
    return t;
  };
  const acceptKeyword = (word: string): boolean => {
    if (!isKeyword(peek(), word)) return false;
    next();
    return true;
  };

  const fieldRef = (t: Token): FieldRef => ({ path: t.text.split('.'), start: t.start });

  function parseFunctionCall(): FunctionCall {
    const name = next();
    expectPunct('(');
    let arg: FieldRef | null = null;
    if (!isPunct(peek(), ')')) {
      const t = next();
      if (!isName(t) || isPunct(peek(), '(')) throw unexpected(isName(t) ? peek() : t);
      arg = fieldRef(t);
    }
    expectPunct(')');
    return { name: name.value, arg, start: name.start };
  }

  function parseOperand(): Operand {
    const t = peek();
    if (!isName(t)) throw unexpected(t);
    if (isPunct(peek(1), '(')) return { kind: 'function', call: parseFunctionCall() };
    next();
    return { kind: 'field', field: fieldRef(t) };
  }

  // An alias is only an alias when what follows it can follow one; otherwise the word is the
  // unexpected token (`SELECT Id FORM Account` fails at FORM, as in Salesforce).
  function parseAlias(canFollow: (t: Token) => boolean): string | null {
    return isName(peek()) && canFollow(peek(1)) ? next().text : null;
  }
  const afterSelectAlias = (t: Token) => isPunct(t, ',') || isKeyword(t, 'FROM');
  const afterFromAlias = (t: Token) =>
    t.kind === 'eof' || isPunct(t, ')') || (t.kind === 'ident' && CLAUSES.has(t.value));

  function parseSelectItem(): SelectItem {
    const t = peek();
    if (isPunct(t, '(')) {
      next();
      if (!isKeyword(peek(), 'SELECT')) throw unexpected(peek());
      const query = parseQuery(true);
      expectPunct(')');
      return { kind: 'subquery', query, start: t.start };
    }
    const operand = parseOperand();
    const alias = parseAlias(afterSelectAlias);
    return operand.kind === 'field'
      ? { kind: 'field', field: operand.field, alias }
      : { kind: 'function', call: operand.call, alias };
  }

  function parseLiteral(): Literal {
    const t = next();
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.value, wildcards: t.wildcards, start: t.start };
      case 'number':
        return { kind: 'number', value: Number(t.text), text: t.text, start: t.start };
      case 'date':
        return { kind: 'date', text: t.text, start: t.start };
      case 'datetime':
        return { kind: 'datetime', text: t.text, start: t.start };
      case 'ident': {
        if (t.value === 'TRUE' || t.value === 'FALSE') {
          return { kind: 'boolean', value: t.value === 'TRUE', start: t.start };
        }
        if (t.value === 'NULL') return { kind: 'null', start: t.start };
        if (isFixedDateLiteral(t.value)) {
          return { kind: 'dateLiteral', name: t.value, n: null, start: t.start };
        }
        if (isNDateLiteral(t.value)) {
          expectPunct(':');
          const n = next();
          if (n.kind !== 'number' || !/^\d+$/.test(n.text)) throw unexpected(n);
          return { kind: 'dateLiteral', name: t.value, n: Number(n.text), start: t.start };
        }
        throw unexpected(t);
      }
      default:
        throw unexpected(t);
    }
  }

  function parseSimpleCondition(): Condition {
    const left = parseOperand();
    const t = next();
    if (t.kind === 'punct' && COMPARE_PUNCT.has(t.value)) {
      return {
        kind: 'compare',
        left,
        op: t.value as CompareOperator,
        right: parseLiteral(),
        start: t.start,
      };
    }
    if (isKeyword(t, 'LIKE')) {
      return { kind: 'compare', left, op: 'LIKE', right: parseLiteral(), start: t.start };
    }
    let op: SetOperator;
    if (isKeyword(t, 'IN')) op = 'IN';
    else if (isKeyword(t, 'INCLUDES')) op = 'INCLUDES';
    else if (isKeyword(t, 'EXCLUDES')) op = 'EXCLUDES';
    else if (isKeyword(t, 'NOT') && isKeyword(peek(), 'IN')) {
      next();
      op = 'NOT IN';
    } else throw unexpected(t);
    expectPunct('(');
    if ((op === 'IN' || op === 'NOT IN') && isKeyword(peek(), 'SELECT')) {
      const query = parseQuery(true);
      expectPunct(')');
      return { kind: 'semijoin', left, op, query, start: t.start };
    }
    const values = [parseLiteral()];
    while (isPunct(peek(), ',')) {
      next();
      values.push(parseLiteral());
    }
    expectPunct(')');
    return { kind: 'set', left, op, values, start: t.start };
  }

  function parsePrimary(): Condition {
    if (!isPunct(peek(), '(')) return parseSimpleCondition();
    next();
    depth += 1;
    if (depth > MAX_DEPTH) throw tooComplicated();
    const inner = parseExpression();
    depth -= 1;
    expectPunct(')');
    return inner;
  }

  function parseExpression(): Condition {
    const first = isKeyword(peek(), 'NOT')
      ? (next(), { kind: 'not' as const, item: parsePrimary() })
      : parsePrimary();
    const joiner = peek();
    if (!isKeyword(joiner, 'AND') && !isKeyword(joiner, 'OR')) return first;
    const word = joiner.value;
    const other = word === 'AND' ? 'OR' : 'AND';
    const items = [first];
    while (isKeyword(peek(), word)) {
      next();
      items.push(parsePrimary());
      if (items.length > 10_000) throw tooComplicated();
    }
    if (isKeyword(peek(), other)) throw unexpected(peek());
    return { kind: word === 'AND' ? 'and' : 'or', items };
  }

  function parseOrderItem(): OrderItem {
    const operand = parseOperand();
    let descending = false;
    if (acceptKeyword('DESC')) descending = true;
    else acceptKeyword('ASC');
    let nullsLast: boolean | null = null;
    if (acceptKeyword('NULLS')) {
      const t = next();
      if (isKeyword(t, 'FIRST')) nullsLast = false;
      else if (isKeyword(t, 'LAST')) nullsLast = true;
      else throw unexpected(t);
    }
    return { operand, descending, nullsLast };
  }

  function parseCount(): { value: number; start: number } {
    const t = next();
    if (t.kind !== 'number' || !/^\d+$/.test(t.text)) throw unexpected(t);
    return { value: Number(t.text), start: t.start };
  }

  function parseList<T>(item: () => T): T[] {
    const items = [item()];
    while (isPunct(peek(), ',')) {
      next();
      items.push(item());
    }
    return items;
  }

  function parseQuery(nested: boolean): SoqlQuery {
    if (nested && ++depth > MAX_DEPTH) throw tooComplicated();
    expectKeyword('SELECT');
    const select = parseList(parseSelectItem);
    expectKeyword('FROM');
    const fromToken = next();
    if (fromToken.kind !== 'ident' || fromToken.text.includes('.')) throw unexpected(fromToken);
    const query: SoqlQuery = {
      select,
      from: { name: fromToken.text, alias: parseAlias(afterFromAlias), start: fromToken.start },
      scope: null,
      where: null,
      groupBy: [],
      having: null,
      orderBy: [],
      limit: null,
      offset: null,
    };
    if (acceptKeyword('USING')) {
      expectKeyword('SCOPE');
      const scope = next();
      if (scope.kind !== 'ident') throw unexpected(scope);
      query.scope = { name: scope.value, start: scope.start };
    }
    if (acceptKeyword('WHERE')) query.where = parseExpression();
    if (acceptKeyword('WITH')) {
      const t = next();
      if (!['SECURITY_ENFORCED', 'USER_MODE', 'SYSTEM_MODE'].includes(t.value)) throw unexpected(t);
    }
    if (acceptKeyword('GROUP')) {
      expectKeyword('BY');
      query.groupBy = parseList(parseOperand);
    }
    if (acceptKeyword('HAVING')) query.having = parseExpression();
    if (acceptKeyword('ORDER')) {
      expectKeyword('BY');
      query.orderBy = parseList(parseOrderItem);
    }
    if (acceptKeyword('LIMIT')) query.limit = parseCount();
    if (acceptKeyword('OFFSET')) query.offset = parseCount();
    if (acceptKeyword('FOR')) {
      const t = next();
      if (!['VIEW', 'REFERENCE', 'UPDATE'].includes(t.value)) throw unexpected(t);
    }
    if (acceptKeyword('UPDATE')) {
      const t = next();
      if (!['TRACKING', 'VIEWSTAT'].includes(t.value)) throw unexpected(t);
    }
    const end = peek();
    if (nested ? !isPunct(end, ')') : end.kind !== 'eof') throw unexpected(end);
    if (nested) depth -= 1;
    return query;
  }

  return parseQuery(false);
}
