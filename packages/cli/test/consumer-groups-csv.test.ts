// Intent: --export prints the reset plan as Kafka's CsvUtils writes it, and --from-file reads such a plan back
// (three columns for the one --group, four with the group), so an exported plan round-trips.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatResetPlanCsv, parseResetPlanCsv } from '../src/commands/consumer-groups-csv.js';

describe('reset plan CSV', () => {
  it('writes topic,partition,offset for one group and group,topic,partition,offset otherwise', () => {
    const plan = new Map([['g', [{ topic: 'orders', partition: 0, offset: 3n }]]]);
    expect(formatResetPlanCsv(plan, true)).toBe('orders,0,3\n');
    expect(formatResetPlanCsv(plan, false)).toBe('g,orders,0,3\n');
    expect(formatResetPlanCsv(new Map([['a,"b"', [{ topic: 't', partition: 1, offset: 2n }]]]), false)).toBe(
      '"a,""b""",t,1,2\n',
    );
  });

  it('reads three columns as the one --group, four columns with their group, later lines winning', () => {
    expect(parseResetPlanCsv('orders,0,3\norders,1,4\n', ['g'])).toEqual(
      new Map([
        [
          'g',
          [
            { topic: 'orders', partition: 0, offset: 3n },
            { topic: 'orders', partition: 1, offset: 4n },
          ],
        ],
      ]),
    );
    expect(parseResetPlanCsv('a,t,0,1\r\nb,t,0,2\na,t,0,5\n', [])).toEqual(
      new Map([
        ['a', [{ topic: 't', partition: 0, offset: 5n }]],
        ['b', [{ topic: 't', partition: 0, offset: 2n }]],
      ]),
    );
    expect(() => parseResetPlanCsv('orders,0,3\n', ['g1', 'g2'])).toThrow(/has 3 fields/);
    expect(() => parseResetPlanCsv('orders,x,3\n', ['g'])).toThrow(/no integer partition/);
  });

  it('round-trips any plan through --export and --from-file', () => {
    const name = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes('\n') && !s.includes('\r'));
    const entries = fc.uniqueArray(
      fc.record({ topic: name, partition: fc.nat(50), offset: fc.bigInt({ min: 0n, max: 2n ** 62n }) }),
      { selector: (e) => `${e.topic}\u0000${e.partition}`, minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, entries), { selector: ([g]) => g, minLength: 1, maxLength: 3 }),
        (groups) => {
          // Plain objects: fast-check may hand out null-prototype records.
          const plan = new Map(groups.map(([g, es]) => [g, es.map((e) => ({ ...e }))]));
          const parsed = parseResetPlanCsv(formatResetPlanCsv(plan, false), []);
          const sorted = (m: Map<string, readonly { topic: string; partition: number; offset: bigint }[]>) =>
            [...m]
              .map(([g, es]) => [
                g,
                [...es].sort((a, b) => `${a.topic}:${a.partition}`.localeCompare(`${b.topic}:${b.partition}`)),
              ])
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
          expect(sorted(parsed as Map<string, { topic: string; partition: number; offset: bigint }[]>)).toEqual(
            sorted(plan),
          );
        },
      ),
    );
  });
});
