/**
 * loadConfig: gathers raw keys from the properties file, TRIBUTARY_* environment variables and `--override k=v`
 * flags (precedence: defaults < file < env < overrides, like Kafka's own `--override`), then validates.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { CONFIG_KEYS, ENV_PREFIX, envNameOf } from './config-keys.js';
import type { RawValue } from './config-values.js';
import { type BuiltConfig, buildNodeConfig, ConfigValidationError } from './node-config.js';
import { parseProperties } from './properties-file.js';

export interface LoadConfigOptions {
  /** Path of a Java-style properties file (Kafka's server.properties format). */
  configFile?: string;
  /** `key=value` strings, as given to `--override`. */
  overrides?: readonly string[];
  /** Environment to read TRIBUTARY_* variables from; pass `process.env` in the CLI, `{}` in tests. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Host advertised when a listener binds all interfaces; defaults to os.hostname(). */
  advertisedHostDefault?: string;
}

/** Config files bigger than this are surely not config files. */
const CONFIG_FILE_BYTES_MAX = 10 * 1024 * 1024;

export function loadConfig(options: LoadConfigOptions = {}): BuiltConfig {
  const raw = new Map<string, RawValue>();
  if (options.configFile !== undefined) {
    for (const entry of readConfigFile(options.configFile)) {
      raw.set(entry.key, { value: entry.value, source: `${options.configFile} line ${entry.lineNumber}` });
    }
  }
  for (const [name, value] of Object.entries(options.env ?? {})) {
    const key = keyOfEnvName(name);
    if (key !== null && value !== undefined) raw.set(key, { value, source: `env ${name}` });
  }
  const badOverrides: string[] = [];
  for (const override of options.overrides ?? []) {
    const eq = override.indexOf('=');
    if (eq <= 0) {
      badOverrides.push(`--override ${JSON.stringify(override)}: expected key=value`);
      continue;
    }
    raw.set(override.slice(0, eq).trim(), { value: override.slice(eq + 1), source: '--override' });
  }
  if (badOverrides.length > 0) throw new ConfigValidationError(badOverrides);
  return buildNodeConfig(raw, { advertisedHostDefault: options.advertisedHostDefault ?? hostname() });
}

function readConfigFile(path: string) {
  let text: string;
  try {
    const bytes = readFileSync(path);
    if (bytes.length > CONFIG_FILE_BYTES_MAX) {
      throw new ConfigValidationError([
        `config file ${path} is ${bytes.length} bytes; at most ${CONFIG_FILE_BYTES_MAX}`,
      ]);
    }
    // Java reads .properties as ISO-8859-1 by default; Kafka's files are ASCII, and UTF-8 is what people write.
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof ConfigValidationError) throw error;
    throw new ConfigValidationError([`cannot read config file ${path}: ${(error as Error).message}`]);
  }
  try {
    return parseProperties(text);
  } catch (error) {
    throw new ConfigValidationError([`config file ${path}: ${(error as Error).message}`]);
  }
}

const KEY_BY_ENV_NAME = new Map(CONFIG_KEYS.map((d) => [envNameOf(d.key), d.key]));

/** `TRIBUTARY_LOG_DIRS` -> `log.dirs`; unknown TRIBUTARY_* names map by the same rule and get warned about. */
export function keyOfEnvName(name: string): string | null {
  if (!name.startsWith(ENV_PREFIX) || name.length === ENV_PREFIX.length) return null;
  return KEY_BY_ENV_NAME.get(name) ?? name.slice(ENV_PREFIX.length).toLowerCase().replace(/_/g, '.');
}
