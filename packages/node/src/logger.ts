/** The process's one pino root logger: JSON lines to stdout, components take `logger.child({ component })`. */
import { pino } from 'pino';
import type { LogLevel } from './node-config.js';

export type Logger = pino.Logger;

export function createRootLogger(options: { level: LogLevel; nodeId: number; destination?: pino.DestinationStream }) {
  return pino({ level: options.level, base: { nodeId: options.nodeId } }, options.destination ?? pino.destination(1));
}
