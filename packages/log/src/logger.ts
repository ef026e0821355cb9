/** The slice of a pino logger the log uses; pino loggers satisfy it. */
export interface LoggerLike {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

export const silentLogger: LoggerLike = Object.freeze({
  info() {},
  warn() {},
  error() {},
  debug() {},
});
