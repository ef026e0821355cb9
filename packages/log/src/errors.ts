// Typed errors carrying Kafka error codes, so the broker can map them straight into responses.

export class LogError extends Error {
  readonly code: number;
  readonly retriable: boolean;
  constructor(message: string, code: number, retriable: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.retriable = retriable;
  }
}

/** OFFSET_OUT_OF_RANGE (1): a fetch or DeleteRecords offset outside [logStartOffset, logEndOffset]. */
export class OffsetOutOfRangeError extends LogError {
  readonly offset: bigint;
  readonly logStartOffset: bigint;
  readonly logEndOffset: bigint;
  constructor(offset: bigint, logStartOffset: bigint, logEndOffset: bigint) {
    super(`offset ${offset} is outside the log range [${logStartOffset}, ${logEndOffset}]`, 1, false);
    this.offset = offset;
    this.logStartOffset = logStartOffset;
    this.logEndOffset = logEndOffset;
  }
}

/** CORRUPT_MESSAGE (2): bytes on disk (or handed to append) that are not a valid v2 batch. */
export class CorruptSegmentError extends LogError {
  readonly path: string;
  readonly position: number;
  constructor(path: string, position: number, reason: string) {
    super(`corrupt record batch in ${path} at position ${position}: ${reason}`, 2, false);
    this.path = path;
    this.position = position;
  }
}

/** CORRUPT_MESSAGE (2) for a malformed batch passed to append (nothing is written). */
export class InvalidBatchError extends LogError {
  readonly position: number;
  constructor(position: number, reason: string) {
    super(`invalid record batch at byte ${position} of the append: ${reason}`, 2, false);
    this.position = position;
  }
}

/** MESSAGE_TOO_LARGE (10): a batch bigger than max.message.bytes. */
export class RecordBatchTooLargeError extends LogError {
  constructor(sizeInBytes: number, maxMessageBytes: number) {
    super(`record batch of ${sizeInBytes} bytes exceeds max.message.bytes ${maxMessageBytes}`, 10, false);
  }
}

/**
 * UNKNOWN_SERVER_ERROR (-1) for a follower append whose offsets do not continue the log; Kafka raises
 * UnexpectedAppendOffsetException here, which is a replica-fetcher bug rather than a client error.
 */
export class UnexpectedAppendOffsetError extends LogError {
  readonly firstOffset: bigint;
  readonly expectedOffset: bigint;
  constructor(firstOffset: bigint, expectedOffset: bigint) {
    super(`follower append starts at offset ${firstOffset} but the log end offset is ${expectedOffset}`, -1, false);
    this.firstOffset = firstOffset;
    this.expectedOffset = expectedOffset;
  }
}

/** KAFKA_STORAGE_ERROR (56): the log was closed or deleted and can no longer serve requests. */
export class LogClosedError extends LogError {
  constructor(dir: string) {
    super(`log ${dir} is closed`, 56, true);
  }
}
