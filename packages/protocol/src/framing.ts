// Kafka request/response framing: the int32 size prefix, request header v0-v2 and response header v0-v1
// (RequestHeader.json / ResponseHeader.json), and the generic per-API entry points the broker and clients use.
import { decodeMessage, isFlexible, messageCodec, readChecked } from './codec/message-codec.js';
import { ProtocolDecodeError } from './errors.js';
import { ApiKey, apiSchemas } from './generated/index.js';
import { Reader } from './primitives/reader.js';
import { Writer } from './primitives/writer.js';
import { inVersionRange } from './schema.js';

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  /** Bytes the header took: the body starts at frame[headerBytes]. */
  headerBytes: number;
}

/** True if the request is flexible. Flexible ranges are open-ended ("N+"), so this also holds for newer versions. */
function requestIsFlexible(apiKey: number, apiVersion: number): boolean {
  const schemas = apiSchemas.get(apiKey);
  return schemas !== undefined && isFlexible(schemas.request, apiVersion);
}

export function requestHeaderVersion(apiKey: number, apiVersion: number): number {
  // ControlledShutdown v0 predates the client id (ApiMessageType.requestHeaderVersion).
  if (apiKey === ApiKey.ControlledShutdown && apiVersion === 0) return 0;
  return requestIsFlexible(apiKey, apiVersion) ? 2 : 1;
}

export function responseHeaderVersion(apiKey: number, apiVersion: number): number {
  // ApiVersions answers with header v0 at every version, so a client can always read the answer (KIP-511).
  if (apiKey === ApiKey.ApiVersions) return 0;
  const schemas = apiSchemas.get(apiKey);
  return schemas !== undefined && isFlexible(schemas.response, apiVersion) ? 1 : 0;
}

const apiNames = new Map<number, string>(Object.entries(ApiKey).map(([name, key]) => [key, name]));

/** Name of an API key for logs, e.g. apiName(0) === 'Produce'; unknown keys read 'Unknown(<n>)'. */
export function apiName(apiKey: number): string {
  return apiNames.get(apiKey) ?? `Unknown(${apiKey})`;
}

/** True if the generated schemas know this API at this version. */
export function isSupported(apiKey: number, apiVersion: number): boolean {
  const schemas = apiSchemas.get(apiKey);
  return schemas !== undefined && inVersionRange(schemas.request.validVersions, apiVersion);
}

/**
 * Decodes the request header of `frame` (the bytes after the 4-byte size). Works for unknown API keys and versions
 * up to header v1, so the broker can still answer UNSUPPORTED_VERSION with the right correlation id.
 */
export function decodeRequestHeader(frame: Buffer): RequestHeader {
  return readChecked(() => {
    const r = new Reader(frame);
    const apiKey = r.int16();
    const apiVersion = r.int16();
    const correlationId = r.int32();
    const version = requestHeaderVersion(apiKey, apiVersion);
    // ClientId stays an int16-length string even in header v2 (its flexibleVersions is "none").
    const clientId = version >= 1 ? r.nullableString() : null;
    if (version >= 2) r.skipTaggedFields();
    return { apiKey, apiVersion, correlationId, clientId, headerBytes: r.offset };
  });
}

function schemasFor(apiKey: number) {
  const schemas = apiSchemas.get(apiKey);
  if (!schemas) throw new ProtocolDecodeError(`unknown api key ${apiKey}`);
  return schemas;
}

/** Decodes a request body that starts at `offset` of `frame`. Throws ProtocolDecodeError on any malformation. */
export function decodeRequest<T = any>(apiKey: number, apiVersion: number, frame: Buffer, offset: number): T {
  return decodeMessage<T>(schemasFor(apiKey).request, apiVersion, frame, offset);
}

/** Writes size prefix + header, then the body, then patches the size. */
function frameWith(writeHeader: (w: Writer) => void, writeBody: (w: Writer) => void): Buffer {
  const w = new Writer(1024);
  w.int32(0);
  writeHeader(w);
  writeBody(w);
  const frame = w.finish();
  frame.writeInt32BE(frame.length - 4, 0);
  return frame;
}

/**
 * Record batches of at least this many bytes are referenced in a response written as pieces rather than copied
 * (handlers answer with batches fresh from the log, never changed afterwards). A joined frame keeps the Writer's
 * default: joining many small pieces cost more than copying them as they come.
 */
const RESPONSE_REFERENCE_MIN_BYTES = 1024;

/** A response frame written up to the size prefix, which is still 0. */
function responseWriter(
  apiKey: number,
  apiVersion: number,
  correlationId: number,
  body: object,
  referenceMinBytes?: number,
): Writer {
  const codec = messageCodec(schemasFor(apiKey).response, apiVersion);
  const w = new Writer(1024, referenceMinBytes);
  w.int32(0).int32(correlationId);
  if (responseHeaderVersion(apiKey, apiVersion) >= 1) w.emptyTaggedFields();
  codec.write(w, body);
  return w;
}

/** Encodes a whole response frame: size prefix, response header of the right version, body. */
export function encodeResponse(apiKey: number, apiVersion: number, correlationId: number, body: object): Buffer {
  const frame = responseWriter(apiKey, apiVersion, correlationId, body).finish();
  frame.writeInt32BE(frame.length - 4, 0);
  return frame;
}

/**
 * encodeResponse as pieces to write in order (one vectored socket write): large record batches of a Fetch answer
 * are referenced, not copied into one frame.
 */
export function encodeResponseChunks(
  apiKey: number,
  apiVersion: number,
  correlationId: number,
  body: object,
): Buffer[] {
  const w = responseWriter(apiKey, apiVersion, correlationId, body, RESPONSE_REFERENCE_MIN_BYTES);
  const chunks = w.finishChunks();
  // The size prefix was the first thing written, so it opens the first piece.
  chunks[0].writeInt32BE(w.length - 4, 0);
  return chunks;
}

/** Encodes a whole request frame (client direction): size prefix, request header, body. */
export function encodeRequest(
  apiKey: number,
  apiVersion: number,
  correlationId: number,
  clientId: string | null,
  body: object,
): Buffer {
  const codec = messageCodec(schemasFor(apiKey).request, apiVersion);
  const headerVersion = requestHeaderVersion(apiKey, apiVersion);
  return frameWith(
    (w) => {
      w.int16(apiKey).int16(apiVersion).int32(correlationId);
      if (headerVersion >= 1) w.nullableString(clientId);
      if (headerVersion >= 2) w.emptyTaggedFields();
    },
    (w) => codec.write(w, body),
  );
}

/** Decodes a response frame (the bytes after the size prefix) of the given API and version. */
export function decodeResponse<T = any>(
  apiKey: number,
  apiVersion: number,
  frame: Buffer,
): { correlationId: number; body: T } {
  const schema = schemasFor(apiKey).response;
  return readChecked(() => {
    const r = new Reader(frame);
    const correlationId = r.int32();
    if (responseHeaderVersion(apiKey, apiVersion) >= 1) r.skipTaggedFields();
    return { correlationId, body: decodeMessage<T>(schema, apiVersion, frame, r.offset) };
  });
}
