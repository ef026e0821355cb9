// Intent: the properties parser reads Kafka server.properties text exactly as java.util.Properties#load would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PropertiesSyntaxError, parseProperties } from '../src/properties-file.js';

const pairs = (text: string) => parseProperties(text).map((e) => [e.key, e.value]);

describe('parseProperties', () => {
  it('reads =, : and whitespace separators and skips # and ! comments and blank lines', () => {
    const text =
      '# comment\n! also a comment\n\nnode.id=1\nlisteners : PLAINTEXT://:9092\nlog.dirs /data/a\n  num.partitions=3';
    expect(pairs(text)).toEqual([
      ['node.id', '1'],
      ['listeners', 'PLAINTEXT://:9092'],
      ['log.dirs', '/data/a'],
      ['num.partitions', '3'],
    ]);
  });

  it('joins backslash continuations and drops the next line’s leading whitespace', () => {
    expect(pairs('log.dirs=/a,\\\n    /b,\\\r\n\t/c\nx=1')).toEqual([
      ['log.dirs', '/a,/b,/c'],
      ['x', '1'],
    ]);
  });

  it('keeps an escaped backslash at end of line as a literal and does not continue', () => {
    expect(pairs('a=C:\\\\\nb=2')).toEqual([
      ['a', 'C:\\'],
      ['b', '2'],
    ]);
  });

  it('decodes escapes in keys and values, including \\uXXXX and escaped separators', () => {
    expect(pairs('my\\=key=a\\tb\\u00e9\\:')).toEqual([['my=key', 'a\tbé:']]);
    expect(pairs('empty=\nlonely')).toEqual([
      ['empty', ''],
      ['lonely', ''],
    ]);
  });

  it('reports the line of a malformed \\u escape', () => {
    expect(() => parseProperties('a=1\nb=\\u12zz')).toThrow(PropertiesSyntaxError);
    expect(() => parseProperties('a=1\nb=\\u12zz')).toThrow(/line 2/);
  });

  it('round-trips any simple key=value list (property)', () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9.]{0,20}$/);
    const value = fc.stringMatching(/^[A-Za-z0-9/:,._-]{0,40}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(word, value), { maxLength: 20 }), (entries) => {
        const text = entries.map(([k, v]) => `${k}=${v}`).join('\n');
        expect(pairs(text)).toEqual(entries);
      }),
    );
  });
});
