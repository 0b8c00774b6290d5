/**
 * A PostgreSQL lexer, just deep enough to know what is code and what is data: string constants
 * (plain, E'' with backslash escapes, U&''), quoted identifiers, dollar quotes, line comments and
 * nested block comments. The guard reads its tokens, so a `;` or a keyword inside a string or a
 * comment is never mistaken for code, and code is never hidden inside what looks like a comment.
 */

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'punct' | 'op';

export interface Token {
  kind: TokenKind;
  /** Lower-cased for words, unescaped for quoted identifiers, the source text otherwise. */
  value: string;
  start: number;
  end: number;
}

export class LexError extends Error {}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;
const OP_CHARS = '+-*/<>=~!@#%^&|`?';
const PUNCT = '(),;[]:.';

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    // PostgreSQL's whitespace is ASCII only; any other character (a no-break space) is part of a name.
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
      i++;
    } else if (c === '-' && next === '-') {
      while (i < n && sql[i] !== '\n' && sql[i] !== '\r') i++;
    } else if (c === '/' && next === '*') {
      i = skipBlockComment(sql, i);
    } else if (c === "'") {
      const end = readString(sql, i, false);
      tokens.push({ kind: 'string', value: sql.slice(i, end), start: i, end });
      i = end;
    } else if (c === '"') {
      const { end, value } = readQuoted(sql, i);
      tokens.push({ kind: 'quoted', value, start: i, end });
      i = end;
    } else if (c === '$' && next !== undefined && DIGIT.test(next)) {
      let j = i + 1;
      while (j < n && DIGIT.test(sql[j]!)) j++;
      tokens.push({ kind: 'param', value: sql.slice(i, j), start: i, end: j });
      i = j;
    } else if (c === '$') {
      const end = readDollar(sql, i);
      tokens.push({ kind: 'string', value: sql.slice(i, end), start: i, end });
      i = end;
    } else if (WORD_START.test(c)) {
      // E'…' (backslash escapes) and U&'…' / U&"…" are one token with their prefix.
      if ((c === 'e' || c === 'E') && next === "'") {
        const end = readString(sql, i + 1, true);
        tokens.push({ kind: 'string', value: sql.slice(i, end), start: i, end });
        i = end;
        continue;
      }
      if ((c === 'u' || c === 'U') && next === '&' && (sql[i + 2] === "'" || sql[i + 2] === '"')) {
        if (sql[i + 2] === "'") {
          const end = readString(sql, i + 2, false);
          tokens.push({ kind: 'string', value: sql.slice(i, end), start: i, end });
          i = end;
        } else {
          // A name written with escapes (U&"\0070g_…") could spell any function; the guard refuses it.
          throw new LexError('names written with U&"…" escapes are not accepted');
        }
        continue;
      }
      let j = i + 1;
      while (j < n && WORD_PART.test(sql[j]!)) j++;
      tokens.push({ kind: 'word', value: sql.slice(i, j).toLowerCase(), start: i, end: j });
      i = j;
    } else if (DIGIT.test(c) || (c === '.' && next !== undefined && DIGIT.test(next))) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(sql[j]!)) {
        // `1.e5`, `1e-5`: a sign right after an exponent belongs to the number.
        if ((sql[j] === 'e' || sql[j] === 'E') && (sql[j + 1] === '+' || sql[j + 1] === '-')) j++;
        j++;
      }
      tokens.push({ kind: 'number', value: sql.slice(i, j), start: i, end: j });
      i = j;
    } else if (PUNCT.includes(c)) {
      const end = c === ':' && next === ':' ? i + 2 : i + 1;
      tokens.push({ kind: 'punct', value: sql.slice(i, end), start: i, end });
      i = end;
    } else if (OP_CHARS.includes(c)) {
      let j = i + 1;
      // An operator never swallows the start of a comment.
      while (j < n && OP_CHARS.includes(sql[j]!) && !isCommentStart(sql, j)) j++;
      tokens.push({ kind: 'op', value: sql.slice(i, j), start: i, end: j });
      i = j;
    } else {
      throw new LexError(`the character "${c}" is not part of SQL here`);
    }
  }
  return tokens;
}

function isCommentStart(sql: string, i: number): boolean {
  return (sql[i] === '-' && sql[i + 1] === '-') || (sql[i] === '/' && sql[i + 1] === '*');
}

function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  throw new LexError('a comment (/* … */) is never closed');
}

/** From the opening quote to just past the closing one; `''` is a quote inside. */
function readString(sql: string, quote: number, backslashEscapes: boolean): number {
  let i = quote + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
    } else if (c === "'") {
      if (sql[i + 1] === "'") i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  throw new LexError('a text value in quotes is never closed');
}

function readQuoted(sql: string, quote: number): { end: number; value: string } {
  let i = quote + 1;
  let value = '';
  while (i < sql.length) {
    if (sql[i] === '"') {
      if (sql[i + 1] === '"') {
        value += '"';
        i += 2;
      } else {
        return { end: i + 1, value };
      }
    } else {
      value += sql[i];
      i++;
    }
  }
  throw new LexError('a name in double quotes is never closed');
}

function readDollar(sql: string, start: number): number {
  const m = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(start));
  if (!m) throw new LexError('a "$" is not part of SQL here');
  const tag = m[0];
  const close = sql.indexOf(tag, start + tag.length);
  if (close < 0) throw new LexError(`a text value in ${tag} quotes is never closed`);
  return close + tag.length;
}
