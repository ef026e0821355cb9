/** `tributary node --config FILE [--override k=v]...`: one node in the foreground until SIGTERM/SIGINT. */
import { ConfigValidationError, createRootLogger, loadConfig, startNode } from '@tributary/node';

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
  let node: Awaited<ReturnType<typeof startNode>>;
  try {
    node = await startNode(config, { logger });
  } catch (error) {
    logger.fatal({ err: error }, 'node failed to start');
    return 1;
  }
  return new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals++;
      if (signals > 1) {
        // A second Ctrl-C means "now": skip the graceful path.
        logger.warn({ signal }, 'second signal, exiting immediately');
        process.exit(130);
      }
      logger.info({ signal }, 'stopping');
      node.stop().then(
        () => resolve(0),
        (error) => {
          logger.error({ err: error }, 'error during stop');
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
