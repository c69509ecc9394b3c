import { lexerError, malformedQuery } from './soql-error.ts';

/** Token kinds of SOQL. Keywords are identifiers; the parser decides by context. */
export type TokenKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The token as written. */
  text: string;
  /** Offset of the first character in the query text. */
  start: number;
  /** ident: upper-cased text; string: the unescaped value; punct: the symbol (`<>` is `!=`). */
  value: string;
  /** For strings: offsets in `value` of unescaped `%` and `_`, the LIKE wildcards. */
  wildcards: number[];
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const NUMBER = /[+-]?\d+(?:\.\d+)?/y;
const DATE =
  /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2}))?(?![\w:.])/y;
const PUNCT = ['<=', '>=', '!=', '<>', '=', '<', '>', '(', ')', ',', ':'];

const ESCAPES: Record<string, string> = {
  n: '\n',
  N: '\n',
  r: '\r',
  R: '\r',
  t: '\t',
  T: '\t',
  b: '\b',
  B: '\b',
  f: '\f',
  F: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

function readString(soql: string, start: number): { token: Token; end: number } {
  let value = '';
  const wildcards: number[] = [];
  let i = start + 1;
  while (i < soql.length) {
    const c = soql[i]!;
    if (c === "'") {
      return {
        token: { kind: 'string', text: soql.slice(start, i + 1), start, value, wildcards },
        end: i + 1,
      };
    }
    if (c === '\\') {
      const e = soql[i + 1];
      if (e === undefined) break;
      if (e === '%' || e === '_') value += e;
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(soql.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(soql.slice(i + 2, i + 6), 16));
        i += 4;
      } else if (ESCAPES[e] !== undefined) value += ESCAPES[e];
      else {
        const close = soql.indexOf("'", i + 2);
        const literal = soql.slice(start, close === -1 ? soql.length : close + 1);
        throw malformedQuery(
          soql,
          start,
          `Invalid string literal '${literal.slice(1, -1)}'. Illegal character sequence '\\${e}' in string literal.`,
        );
      }
      i += 2;
      continue;
    }
    if (c === '%' || c === '_') wildcards.push(value.length);
    value += c;
    i += 1;
  }
  throw lexerError(soql, soql.length, "mismatched character '<EOF>' expecting '''");
}

/**
 * Splits SOQL into tokens. Dotted paths (`Account.Owner.Name`) are one identifier; date and
 * datetime literals are recognised before numbers, as Salesforce's grammar does.
 * Fails with `MALFORMED_QUERY` on characters SOQL does not know and on unterminated strings.
 */
export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = soql.length;
  const at = (re: RegExp): string | null => {
    re.lastIndex = i;
    const m = re.exec(soql);
    return m ? m[0] : null;
  };
  while (i < n) {
    const c = soql.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i += 1;
      continue;
    }
    const ch = soql[i]!;
    if (ch === "'") {
      const { token, end } = readString(soql, i);
      tokens.push(token);
      i = end;
      continue;
    }
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || ch === '_') {
      const text = at(IDENT)!;
      tokens.push({ kind: 'ident', text, start: i, value: text.toUpperCase(), wildcards: [] });
      i += text.length;
      continue;
    }
    if ((c >= 48 && c <= 57) || ch === '-' || ch === '+') {
      const date = c >= 48 && c <= 57 ? at(DATE) : null;
      if (date) {
        tokens.push({
          kind: date.length > 10 ? 'datetime' : 'date',
          text: date,
          start: i,
          value: date,
          wildcards: [],
        });
        i += date.length;
        continue;
      }
      const num = at(NUMBER);
      if (num) {
        tokens.push({ kind: 'number', text: num, start: i, value: num, wildcards: [] });
        i += num.length;
        continue;
      }
    }
    const punct = PUNCT.find((p) => soql.startsWith(p, i));
    if (punct) {
      tokens.push({
        kind: 'punct',
        text: punct,
        start: i,
        value: punct === '<>' ? '!=' : punct,
        wildcards: [],
      });
      i += punct.length;
      continue;
    }
    throw lexerError(
      soql,
      i,
      `no viable alternative at character '${String.fromCodePoint(soql.codePointAt(i)!)}'`,
    );
  }
  tokens.push({ kind: 'eof', text: '<EOF>', start: n, value: '', wildcards: [] });
  return tokens;
}
