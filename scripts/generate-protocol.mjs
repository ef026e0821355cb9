#!/usr/bin/env node
// Generates packages/protocol/src/generated/*.ts from Kafka's message definitions
// (../shared/kafka-messages/*.json, JSON with // comments). Output per API: a declarative schema table that
// the codec engine in packages/protocol/src/codec/ interprets, and TypeScript interfaces for the decoded shape.
// The JSON files are read, never copied: only the derived tables are committed.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = process.env.KAFKA_MESSAGES_DIR ?? resolve(repoRoot, '../shared/kafka-messages');
// PROTOCOL_GENERATED_DIR lets the freshness test generate into a scratch folder and compare.
const outDir = process.env.PROTOCOL_GENERATED_DIR ?? join(repoRoot, 'packages/protocol/src/generated');
const OPEN_END = 0x7fff; // "N+" versions are open-ended; int16 max is the largest possible API version

/** Removes // comments outside of string literals (an "about" may contain a URL). */
export function stripComments(text) {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[++i];
      } else if (c === '"') {
        inString = false;
      }
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else {
      out += c;
    }
  }
  return out;
}

/** Kafka's Versions.parse: "none", "N", "A-B", "A+". Returns [lo, hi] or null for none. */
function parseVersions(spec, what) {
  if (spec === undefined) return undefined;
  const s = String(spec).trim();
  if (s === 'none') return null;
  let m = /^(\d+)\+$/.exec(s);
  if (m) return [Number(m[1]), OPEN_END];
  m = /^(\d+)-(\d+)$/.exec(s);
  if (m) return [Number(m[1]), Number(m[2])];
  m = /^(\d+)$/.exec(s);
  if (m) return [Number(m[1]), Number(m[1])];
  throw new Error(`bad versions ${JSON.stringify(spec)} in ${what}`);
}

const PRIMITIVES = new Set([
  'bool',
  'int8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'float64',
  'string',
  'uuid',
  'bytes',
  'records',
]);
const INTEGER_TYPES = new Set(['int8', 'int16', 'uint16', 'int32', 'uint32']);

const lowerFirst = (s) => s.charAt(0).toLowerCase() + s.slice(1);

function tsLiteral(v) {
  if (typeof v === 'bigint') return `${v}n`;
  return JSON.stringify(v);
}

/** Resolves a JSON "default" into a typed value, following FieldSpec's rules. */
function resolveDefault(field, type, nullable, where) {
  const raw = field.default;
  if (raw === undefined) return undefined;
  const s = String(raw).trim();
  if (s === 'null') {
    if (!nullable) throw new Error(`${where}: default null on a non-nullable field`);
    return null;
  }
  if (type === 'bool') {
    if (s !== 'true' && s !== 'false') throw new Error(`${where}: bad bool default ${s}`);
    return s === 'true';
  }
  if (INTEGER_TYPES.has(type)) {
    const n = s.startsWith('0x') || s.startsWith('-0x') ? Number.parseInt(s, 16) : Number(s);
    if (!Number.isInteger(n)) throw new Error(`${where}: bad int default ${s}`);
    return n;
  }
  if (type === 'int64') return s.startsWith('-0x') ? -BigInt(s.slice(1)) : BigInt(s);
  if (type === 'float64') return Number(s);
  if (type === 'string') return String(raw);
  throw new Error(`${where}: unsupported default ${s} for type ${type}`);
}

function overlaps(a, b) {
  return a !== null && b !== null && a[0] <= b[1] && b[0] <= a[1];
}

/** Builds the schema tree of one message, collecting struct interfaces along the way. */
function buildMessage(spec, file) {
  const commonStructs = new Map((spec.commonStructs ?? []).map((s) => [s.name, s]));
  const structs = []; // { tsName, fields (schema), jsonFields }
  const structNames = new Map(); // struct name -> its entry (one interface per struct name in a message)
  const validVersions = parseVersions(spec.validVersions, file);

  function convertFields(jsonFields, where) {
    return jsonFields.map((f) => convertField(f, `${where}.${f.name}`));
  }

  function structInterface(structName, jsonFields, where) {
    // A struct named a second time (Kafka's `[]ReplicaState` reusing an earlier definition) shares the first entry.
    const existing = structNames.get(structName);
    if (existing) return existing;
    const tsName = `${spec.name}${structName}`;
    const entry = { tsName, fields: null };
    structNames.set(structName, entry);
    structs.push(entry);
    entry.fields = convertFields(jsonFields, where);
    return entry;
  }

  function convertField(f, where) {
    const versions = parseVersions(f.versions ?? '0+', where);
    const nullableVersions = parseVersions(f.nullableVersions, where) ?? null;
    const taggedVersions = parseVersions(f.taggedVersions, where) ?? null;
    const fieldFlexible = parseVersions(f.flexibleVersions, where);
    let type = f.type;
    let isArray = false;
    if (type.startsWith('[]')) {
      isArray = true;
      type = type.slice(2);
    }
    const nullable = nullableVersions !== null;
    const out = { name: lowerFirst(f.name) };
    let struct = null;
    if (!PRIMITIVES.has(type)) {
      const jsonFields = f.fields ?? commonStructs.get(type)?.fields;
      if (!jsonFields) throw new Error(`${where}: unknown struct type ${type}`);
      struct = structInterface(type, jsonFields, where);
    }
    if (isArray) {
      out.type = 'array';
      out.items = struct ? 'struct' : type;
    } else {
      out.type = struct ? 'struct' : type;
    }
    if (struct) {
      out.structName = struct.tsName;
      out.fields = struct.fields;
    }
    out.versions = versions;
    if (nullable) out.nullableVersions = nullableVersions;
    if (f.tag !== undefined) {
      if (!taggedVersions) throw new Error(`${where}: tag without taggedVersions`);
      out.tag = f.tag;
      out.taggedVersions = taggedVersions;
    }
    if (fieldFlexible !== undefined) out.flexibleVersions = fieldFlexible;
    if (f.ignorable) out.ignorable = true;
    if (f.mapKey) out.mapKey = true;
    const def = resolveDefault(f, isArray || struct ? 'compound' : type, nullable, where);
    if (def !== undefined) out.default = def;
    out.tsType = tsTypeOf(out, nullable);
    return out;
  }

  const fields = convertFields(spec.fields ?? [], spec.name);
  return {
    name: spec.name,
    type: spec.type,
    apiKey: spec.apiKey ?? null,
    validVersions,
    flexibleVersions: parseVersions(spec.flexibleVersions, file),
    latestVersionUnstable: spec.latestVersionUnstable === true,
    fields,
    structs,
  };
}

function tsPrimitive(t) {
  switch (t) {
    case 'bool':
      return 'boolean';
    case 'int64':
      return 'bigint';
    case 'string':
    case 'uuid':
      return 'string';
    case 'bytes':
    case 'records':
      return 'Buffer';
    default:
      return 'number';
  }
}

function tsTypeOf(field, nullable) {
  let t;
  if (field.type === 'array') {
    const item = field.items === 'struct' ? field.structName : tsPrimitive(field.items);
    t = `${item}[]`;
  } else if (field.type === 'struct') {
    t = field.structName;
  } else {
    t = tsPrimitive(field.type);
  }
  // records are always nullable on the wire in practice (Fetch answers null for no data).
  if (nullable || field.type === 'records') t += ' | null';
  return t;
}

function emitFieldsTable(fields, indent) {
  const pad = ' '.repeat(indent);
  const lines = ['['];
  for (const f of fields) {
    const parts = [`name: ${tsLiteral(f.name)}`, `type: ${tsLiteral(f.type)}`];
    if (f.items) parts.push(`items: ${tsLiteral(f.items)}`);
    parts.push(`versions: ${tsLiteral(f.versions)}`);
    if (f.nullableVersions) parts.push(`nullableVersions: ${tsLiteral(f.nullableVersions)}`);
    if (f.tag !== undefined) parts.push(`tag: ${f.tag}`, `taggedVersions: ${tsLiteral(f.taggedVersions)}`);
    if (f.flexibleVersions !== undefined) parts.push(`flexibleVersions: ${tsLiteral(f.flexibleVersions)}`);
    if (f.default !== undefined) parts.push(`default: ${tsLiteral(f.default)}`);
    if (f.ignorable) parts.push('ignorable: true');
    if (f.mapKey) parts.push('mapKey: true');
    if (f.structName) parts.push(`structName: ${tsLiteral(f.structName)}`);
    if (f.fields) parts.push(`fields: ${emitFieldsTable(f.fields, indent + 2)}`);
    lines.push(`${pad}  { ${parts.join(', ')} },`);
  }
  lines.push(`${pad}]`);
  return lines.join('\n');
}

function emitInterface(name, fields) {
  const lines = [`export interface ${name} {`];
  for (const f of fields) lines.push(`  ${f.name}: ${f.tsType};`);
  lines.push('}');
  return lines.join('\n');
}

function emitMessage(m) {
  const out = [];
  out.push(emitInterface(m.name, m.fields));
  for (const s of m.structs) out.push(emitInterface(s.tsName, s.fields));
  const head = [
    `name: ${tsLiteral(m.name)}`,
    `type: ${tsLiteral(m.type)}`,
    `apiKey: ${tsLiteral(m.apiKey)}`,
    `validVersions: ${tsLiteral(m.validVersions)}`,
    `flexibleVersions: ${tsLiteral(m.flexibleVersions)}`,
    `latestVersionUnstable: ${m.latestVersionUnstable}`,
  ];
  out.push(
    `export const ${m.name}Schema: MessageSchema = {\n  ${head.join(',\n  ')},\n  fields: ${emitFieldsTable(m.fields, 2)},\n};`,
  );
  return out.join('\n\n');
}

const kebab = (s) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();

function main() {
  const files = readdirSync(sourceDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const messages = files.map((file) => {
    const spec = JSON.parse(stripComments(readFileSync(join(sourceDir, file), 'utf8')));
    return buildMessage(spec, file);
  });
  for (const m of messages) {
    // Sanity: tagged versions must be flexible and inside the field's versions.
    const check = (fields, where) => {
      for (const f of fields) {
        if (f.taggedVersions && !overlaps(f.taggedVersions, m.flexibleVersions))
          throw new Error(`${where}.${f.name}: tagged outside flexible versions`);
        if (f.fields) check(f.fields, `${where}.${f.name}`);
      }
    };
    check(m.fields, m.name);
  }

  // Group request/response pairs into one file per API; other messages get their own file.
  const groups = new Map();
  for (const m of messages) {
    const base = m.name.replace(/(Request|Response)$/, '');
    const key = m.type === 'request' || m.type === 'response' ? base : m.name;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(m);
  }

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const banner = '// GENERATED by scripts/generate-protocol.mjs from Kafka message definitions. Do not edit.\n';
  const indexLines = [banner, "import type { MessageSchema } from '../schema.js';"];
  const schemaImports = [];
  for (const [key, group] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const fileName = kebab(key);
    const body = group
      .sort((a, b) => a.type.localeCompare(b.type))
      .map(emitMessage)
      .join('\n\n');
    writeFileSync(
      join(outDir, `${fileName}.ts`),
      `${banner}import type { MessageSchema } from '../schema.js';\n\n${body}\n`,
    );
    indexLines.push(`export * from './${fileName}.js';`);
    for (const m of group) schemaImports.push({ file: fileName, name: m.name, m });
  }
  for (const s of schemaImports) indexLines.push(`import { ${s.name}Schema } from './${s.file}.js';`);

  const requests = messages.filter((m) => m.type === 'request').sort((a, b) => a.apiKey - b.apiKey);
  const responses = new Map(messages.filter((m) => m.type === 'response').map((m) => [m.apiKey, m]));
  indexLines.push('', '/** Kafka API keys by name (the request message name without "Request"). */');
  indexLines.push('export const ApiKey = {');
  for (const r of requests) indexLines.push(`  ${r.name.replace(/Request$/, '')}: ${r.apiKey},`);
  indexLines.push('} as const;', 'export type ApiKey = (typeof ApiKey)[keyof typeof ApiKey];', '');
  indexLines.push('/** Request and response schema for every API key. */');
  indexLines.push(
    'export const apiSchemas: ReadonlyMap<number, { readonly request: MessageSchema; readonly response: MessageSchema }> = new Map([',
  );
  for (const r of requests) {
    const resp = responses.get(r.apiKey);
    if (!resp) throw new Error(`no response for ${r.name}`);
    indexLines.push(`  [${r.apiKey}, { request: ${r.name}Schema, response: ${resp.name}Schema }],`);
  }
  indexLines.push(']);', '');
  indexLines.push('/** Every generated schema by message name (requests, responses, headers and data messages). */');
  indexLines.push('export const allSchemas: ReadonlyMap<string, MessageSchema> = new Map([');
  for (const s of schemaImports) indexLines.push(`  [${tsLiteral(s.name)}, ${s.name}Schema],`);
  indexLines.push(']);', '');
  writeFileSync(join(outDir, 'index.ts'), indexLines.join('\n'));
  console.log(`generated ${groups.size} files for ${messages.length} messages into ${outDir}`);
}

main();
