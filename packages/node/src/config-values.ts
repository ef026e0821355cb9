/**
 * Typed reading of raw config strings against their declarations in config-keys.ts. Problems are collected,
 * not thrown, so one start attempt reports every bad key with its value and what is allowed.
 */
import { CONFIG_KEYS_BY_NAME, type ConfigKeyDefinition } from './config-keys.js';

/** Where a raw value came from, so messages can say "in server.properties line 12" or "from TRIBUTARY_NODE_ID". */
export interface RawValue {
  value: string;
  source: string;
}

export type RawConfig = ReadonlyMap<string, RawValue>;

export class ConfigReader {
  readonly problems: string[] = [];

  constructor(private readonly raw: RawConfig) {}

  has(key: string): boolean {
    return this.raw.has(key);
  }

  /** The raw text (given or default); undefined when neither exists. */
  text(key: string): string | undefined {
    return this.raw.get(key)?.value ?? this.definition(key).defaultValue;
  }

  problem(key: string, message: string): void {
    const given = this.raw.get(key);
    const where = given ? ` (${given.source})` : ' (default)';
    const value = this.text(key);
    this.problems.push(`${key}=${value === undefined ? '<unset>' : JSON.stringify(value)}${where}: ${message}`);
  }

  int(key: string): number {
    return this.numberValue(key) ?? 0;
  }

  optionalInt(key: string): number | null {
    return this.text(key) === undefined ? null : this.numberValue(key);
  }

  boolean(key: string): boolean {
    const text = this.text(key)?.trim().toLowerCase();
    if (text === 'true') return true;
    if (text === 'false') return false;
    this.problem(key, 'must be true or false');
    return false;
  }

  string(key: string): string | null {
    const text = this.text(key);
    if (text === undefined) return null;
    const definition = this.definition(key);
    const trimmed = text.trim();
    if (definition.allowed && !definition.allowed.includes(trimmed)) {
      this.problem(key, `must be one of ${definition.allowed.join(', ')}`);
    }
    return trimmed;
  }

  list(key: string): string[] | null {
    const text = this.text(key);
    if (text === undefined) return null;
    const items = text
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const { allowed } = this.definition(key);
    const bad = allowed ? items.filter((item) => !allowed.includes(item)) : [];
    if (bad.length > 0) this.problem(key, `items ${bad.join(', ')} not allowed; allowed: ${allowed?.join(', ')}`);
    return items;
  }

  private numberValue(key: string): number | null {
    const definition = this.definition(key);
    const text = this.text(key)?.trim();
    if (text === undefined) {
      this.problem(key, `is required (${definition.doc})`);
      return null;
    }
    if (!/^[-+]?\d+$/.test(text)) {
      this.problem(key, `must be an integer${rangeText(definition)}`);
      return null;
    }
    const big = BigInt(text);
    const [low, high] = typeBounds(definition);
    if (big < low || big > high) {
      this.problem(key, `must be an integer${rangeText(definition)}`);
      return null;
    }
    // Longs beyond 2^53 mean "practically unbounded" (e.g. Long.MAX_VALUE); clamp rather than lose precision.
    return big > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(big);
  }

  private definition(key: string): ConfigKeyDefinition {
    const definition = CONFIG_KEYS_BY_NAME.get(key);
    if (!definition) throw new Error(`programmer error: config key ${key} is not declared in config-keys.ts`);
    return definition;
  }
}

function typeBounds(definition: ConfigKeyDefinition): [bigint, bigint] {
  const typeMax = definition.type === 'int' ? 2_147_483_647n : 9_223_372_036_854_775_807n;
  const low = definition.min === undefined ? -typeMax - 1n : BigInt(definition.min);
  const high = definition.max === undefined ? typeMax : BigInt(definition.max);
  return [low, high];
}

function rangeText(definition: ConfigKeyDefinition): string {
  const [low, high] = typeBounds(definition);
  return ` in [${low}, ${high}]`;
}
