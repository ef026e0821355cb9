// Kafka Uuid <-> string. Kafka prints a Uuid as base64url without padding (Uuid.toString), 22 characters.
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

export function uuidToString(bytes: Buffer): string {
  return bytes.toString('base64url');
}

const UUID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** Parses Kafka's string form into 16 bytes. Throws RangeError on anything that is not exactly 22 base64url characters. */
export function uuidToBytes(uuid: string): Buffer {
  if (!UUID_PATTERN.test(uuid)) throw new RangeError(`invalid uuid ${JSON.stringify(uuid)}`);
  const bytes = Buffer.from(uuid, 'base64url');
  if (bytes.length !== 16) throw new RangeError(`invalid uuid ${JSON.stringify(uuid)}`);
  return bytes;
}

/** A random (version 4) Kafka Uuid; randomness is injected so callers stay deterministic in tests. */
export function uuidFromRandomBytes(random16: Buffer): string {
  if (random16.length !== 16) throw new RangeError('need 16 random bytes');
  const b = Buffer.from(random16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return uuidToString(b);
}
