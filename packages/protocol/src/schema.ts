// Shape of the declarative message tables that scripts/generate-protocol.mjs writes into src/generated/.
// The codec engine (codec/) interprets these tables; nothing else knows about individual messages.

/** Inclusive [lowest, highest] version range; `null` means "none". Open ranges ("N+") end at 0x7fff. */
export type VersionRange = readonly [number, number] | null;

export type PrimitiveType =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'float64'
  | 'string'
  | 'uuid'
  | 'bytes'
  | 'records';

export type DefaultValue = string | number | boolean | bigint | null;

export interface FieldSchema {
  /** Property name in decoded objects: the JSON name with a lowercase first letter. */
  readonly name: string;
  readonly type: PrimitiveType | 'array' | 'struct';
  /** Element type of an array. */
  readonly items?: PrimitiveType | 'struct';
  readonly versions: VersionRange;
  readonly nullableVersions?: VersionRange;
  readonly tag?: number;
  readonly taggedVersions?: VersionRange;
  /** Field-level override of the message's flexible versions (only strings/bytes, e.g. RequestHeader.ClientId). */
  readonly flexibleVersions?: VersionRange;
  readonly default?: DefaultValue;
  readonly ignorable?: boolean;
  readonly mapKey?: boolean;
  /** Name of the generated interface for a struct or array-of-struct field. */
  readonly structName?: string;
  /** Fields of a struct or array-of-struct field. */
  readonly fields?: readonly FieldSchema[];
}

export interface MessageSchema {
  readonly name: string;
  readonly type: 'request' | 'response' | 'header' | 'data' | 'metadata' | string;
  readonly apiKey: number | null;
  readonly validVersions: VersionRange;
  readonly flexibleVersions: VersionRange;
  readonly latestVersionUnstable: boolean;
  readonly fields: readonly FieldSchema[];
}

export const inVersionRange = (range: VersionRange | undefined, version: number): boolean =>
  range !== null && range !== undefined && version >= range[0] && version <= range[1];
