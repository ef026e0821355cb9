/**
 * Maps a thrown error to a Kafka error code: typed errors from the log and protocol packages carry their code
 * (`code: number`); anything else on a disk path is a storage error, which Kafka reports as KAFKA_STORAGE_ERROR.
 */
import { ErrorCode } from '@tributary/protocol';

export function errorCodeOf(err: unknown, fallback: number = ErrorCode.KAFKA_STORAGE_ERROR): number {
  if (typeof err === 'object' && err !== null) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'number' && Number.isInteger(code)) return code;
    const errorCode = (err as { errorCode?: unknown }).errorCode;
    if (typeof errorCode === 'number' && Number.isInteger(errorCode)) return errorCode;
  }
  return fallback;
}
