/**
 * Glob patterns of file paths, relative to the working directory: `*`, `?`, `**`,
 * `{a,b}` and `[abc]` / `[!abc]`, matched against `/`-separated paths. Small enough
 * that the plugin needs no glob dependency.
 */

export class GlobError extends Error {}

function escape(character: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(character) ? `\\${character}` : character;
}

/** Compiles a pattern to an anchored RegExp; throws GlobError when it cannot be read. */
export function compileGlob(pattern: string): RegExp {
  const source = pattern.startsWith('./') ? pattern.slice(2) : pattern;
  if (source === '' || source.startsWith('/')) throw new GlobError('must be a relative path pattern');
  let out = '';
  let braces = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '*') {
      if (source[i + 1] === '*') {
        const atStart = i === 0 || source[i - 1] === '/';
        const atEnd = i + 2 === source.length || source[i + 2] === '/';
        if (!atStart || !atEnd) throw new GlobError('uses `**` inside a path segment');
        // `**/` matches zero or more directories; a final `**` matches everything below.
        if (source[i + 2] === '/') {
          out += '(?:[^/]*(?:/[^/]*)*/)?';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const end = source.indexOf(']', i + 2);
      if (end === -1) throw new GlobError('has an unclosed `[`');
      let body = source.slice(i + 1, end);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      if (body === '') throw new GlobError('has an empty `[]`');
      out += `[${negated ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}') {
      if (braces === 0) throw new GlobError('has a `}` without its `{`');
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) {
      out += '|';
    } else if (c === '\\') {
      throw new GlobError('uses `\\`; write paths with `/`');
    } else {
      out += escape(c);
    }
  }
  if (braces > 0) throw new GlobError('has an unclosed `{`');
  return new RegExp(`^${out}$`);
}
