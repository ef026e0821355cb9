/** `tributary node --config FILE [--override k=v]...`: one node in the foreground until SIGTERM/SIGINT. */
import { ConfigValidationError, createRootLogger, loadConfig, type RunningNode, startNode } from '@tributary/node';

/**
 * A graceful stop that takes longer than this is abandoned with exit 1: an orchestrator waiting on the process
 * should not hang on a stuck component, and the logs recover from an unclean stop anyway.
 */
const SHUTDOWN_TIMEOUT_MS = 60_000;

export interface NodeCommandArgs {
  config?: string;
  override?: string[];
}

export async function runNodeCommand(args: NodeCommandArgs): Promise<number> {
  let built: ReturnType<typeof loadConfig>;
  try {
    built = loadConfig({ configFile: args.config, overrides: args.override ?? [], env: process.env });
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`tributary: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const { config, warnings } = built;
  const logger = createRootLogger({ level: config.logLevel, nodeId: config.nodeId });
  for (const warning of warnings) logger.warn(warning);
  // A bug that escapes every handler must not die silently: log it, then crash (the data on disk stays recoverable).
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    process.exit(70);
  });
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(70);
  });

  // Signals are handled from the start: a stop requested while starting waits for the start, then stops.
  let stopRequested: (() => void) | null = null;
  const stopSignal = new Promise<void>((resolve) => {
    stopRequested = resolve;
  });
  // Cuts short the start's wait for this broker to be unfenced, which needs a quorum that may not be there.
  const startAborted = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      // A second Ctrl-C means "now": skip the graceful path.
      logger.warn({ signal }, 'second signal, exiting immediately');
      process.exit(130);
    }
    logger.info({ signal }, 'stopping');
    startAborted.abort();
    stopRequested?.();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  let node: RunningNode;
  try {
    node = await startNode(config, { logger, signal: startAborted.signal });
  } catch (error) {
    logger.fatal({ err: error }, 'node failed to start');
    return 1;
  }
  await stopSignal;
  setTimeout(() => {
    logger.fatal({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'graceful stop timed out; exiting');
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS).unref();
  try {
    await node.stop();
    return 0;
  } catch (error) {
    logger.error({ err: error }, 'error during stop');
    return 1;
  }
}
