/** Errors of the controller shell: a stable string `code` and whether retrying may succeed (house style). */
export class ControllerError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** More commands are waiting than the configured bound allows. */
export class ControllerQueueFullError extends ControllerError {
  constructor(message: string) {
    super('CONTROLLER_QUEUE_FULL', message, true);
  }
}

export class ControllerClosedError extends ControllerError {
  constructor(message: string) {
    super('CONTROLLER_CLOSED', message, true);
  }
}

/** The metadata log lost acknowledged data (not a torn tail): refuse to serve a wrong image. */
export class CorruptMetadataLogError extends ControllerError {
  constructor(message: string) {
    super('CORRUPT_METADATA_LOG', message, false);
  }
}

/** The data dir belongs to another cluster. */
export class InconsistentClusterIdError extends ControllerError {
  constructor(message: string) {
    super('INCONSISTENT_CLUSTER_ID', message, false);
  }
}

export class LocalBrokerRegistrationError extends ControllerError {
  constructor(message: string) {
    super('LOCAL_BROKER_REGISTRATION_FAILED', message, false);
  }
}
