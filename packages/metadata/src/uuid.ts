/**
 * Kafka Uuids as the wire shows them: 16 bytes, printed as unpadded base64url (22 characters). Randomness is a
 * parameter so the pure core stays deterministic under a seeded source.
 */

/** Fills `byteCount` random bytes. The controller shell passes crypto.randomBytes; tests pass seededRandom(seed). */
export type RandomSource = (byteCount: number) => Uint8Array;

export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';
/** Kafka's Uuid.METADATA_TOPIC_ID (0...01), reserved for __cluster_metadata. */
export const METADATA_TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAQ';

const UUID_BYTES = 16;

export function uuidToBytes(uuid: string): Buffer {
  const bytes = Buffer.from(uuid, 'base64url');
  if (bytes.length !== UUID_BYTES || bytes.toString('base64url') !== uuid) {
    throw new Error(`malformed uuid '${uuid}'`);
  }
  return bytes;
}

export function uuidFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== UUID_BYTES) throw new Error(`uuid needs ${UUID_BYTES} bytes, got ${bytes.length}`);
  return Buffer.from(bytes).toString('base64url');
}

/**
 * A random version-4 Uuid like Kafka's Uuid.randomUuid: never the reserved ids and never one whose string starts
 * with '-' (Kafka avoids those so command-line tools do not read them as flags).
 */
export function randomUuid(random: RandomSource): string {
  for (;;) {
    const bytes = Buffer.from(random(UUID_BYTES));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const uuid = uuidFromBytes(bytes);
    if (uuid !== ZERO_UUID && uuid !== METADATA_TOPIC_ID && !uuid.startsWith('-')) return uuid;
  }
}

/**
 * A deterministic random source (xorshift128+ seeded through splitmix32) for tests and simulation: the same seed
 * always yields the same bytes, so any failure replays from its seed.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  const splitmix = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return (byteCount: number) => {
    const out = new Uint8Array(byteCount);
    for (let i = 0; i < byteCount; i += 4) {
      const word = splitmix();
      for (let j = 0; j < 4 && i + j < byteCount; j++) out[i + j] = (word >>> (8 * j)) & 0xff;
    }
    return out;
  };
}

/** A uniformly distributed integer in [0, bound) drawn from `random`. */
export function randomInt(random: RandomSource, bound: number): number {
  if (!Number.isInteger(bound) || bound <= 0 || bound > 0x100000000) throw new Error(`bad bound ${bound}`);
  const bytes = random(4);
  const word = (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
  // Modulo bias is below 2^-20 for the bounds we use (broker counts), which placement tolerates.
  return word % bound;
}
