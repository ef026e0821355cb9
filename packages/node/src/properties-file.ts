/**
 * Java `.properties` text -> ordered key/value pairs, following java.util.Properties#load: `#`/`!` comment
 * lines, `key=value`, `key: value` or `key value`, `\` line continuation (leading whitespace of the next line
 * dropped) and the escapes `\t \n \r \f \uXXXX`. Kafka's server.properties files are read this way, so an
 * operator's existing file means the same thing here.
 */

/** Longest logical line accepted; a config file is small, anything bigger is a mistake worth a clear error. */
const LOGICAL_LINE_CHARS_MAX = 1024 * 1024;

export class PropertiesSyntaxError extends Error {
  readonly code = 'PROPERTIES_SYNTAX';
  constructor(
    message: string,
    readonly lineNumber: number,
  ) {
    super(`line ${lineNumber}: ${message}`);
    this.name = 'PropertiesSyntaxError';
  }
}

export interface PropertyEntry {
  key: string;
  value: string;
  /** 1-based line where the entry starts, for error messages that point back at the file. */
  lineNumber: number;
}

/** Parses properties text; later duplicates win (as in Java), but every entry is returned in order. */
export function parseProperties(text: string): PropertyEntry[] {
  const naturalLines = text.split(/\r\n|\r|\n/);
  const entries: PropertyEntry[] = [];
  let index = 0;
  while (index < naturalLines.length) {
    const startLine = index + 1;
    const first = naturalLines[index].replace(/^[ \t\f]+/, '');
    index++;
    if (first === '' || first[0] === '#' || first[0] === '!') continue;
    let logical = first;
    while (endsWithContinuation(logical)) {
      logical = logical.slice(0, -1);
      if (index >= naturalLines.length) break;
      logical += naturalLines[index].replace(/^[ \t\f]+/, '');
      index++;
      if (logical.length > LOGICAL_LINE_CHARS_MAX) {
        throw new PropertiesSyntaxError(`logical line longer than ${LOGICAL_LINE_CHARS_MAX} characters`, startLine);
      }
    }
    const { key, value } = splitKeyValue(logical, startLine);
    entries.push({ key, value, lineNumber: startLine });
  }
  return entries;
}

/** An odd number of trailing backslashes means the last one escapes the line break. */
function endsWithContinuation(line: string): boolean {
  let slashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}

function splitKeyValue(line: string, lineNumber: number): { key: string; value: string } {
  let keyEnd = 0;
  while (keyEnd < line.length) {
    const c = line[keyEnd];
    if (c === '\\') {
      keyEnd += 2;
      continue;
    }
    if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
    keyEnd++;
  }
  let valueStart = keyEnd;
  while (valueStart < line.length && /[ \t\f]/.test(line[valueStart])) valueStart++;
  if (valueStart < line.length && (line[valueStart] === '=' || line[valueStart] === ':')) valueStart++;
  while (valueStart < line.length && /[ \t\f]/.test(line[valueStart])) valueStart++;
  return {
    key: unescapeText(line.slice(0, Math.min(keyEnd, line.length)), lineNumber),
    value: unescapeText(line.slice(valueStart), lineNumber),
  };
}

const SIMPLE_ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescapeText(raw: string, lineNumber: number): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = raw[++i];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = raw.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex))
        throw new PropertiesSyntaxError(`malformed \\uxxxx escape "\\u${hex}"`, lineNumber);
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 4;
    } else {
      out += SIMPLE_ESCAPES[next] ?? next;
    }
  }
  return out;
}
