// Types of jvm.mjs for the TypeScript tests in test/kafka-tools.
export declare const KAFKA_DIR: string;
export declare const KAFKA_LIB: string;
export declare const LOG4J_CONFIG: string;
export declare const KAFKA_JVM_FLAGS: readonly string[];
export declare function kafkaUnavailableReason(): string | null;
export declare function ensureKafkaFetched(): string | null;
export declare function kafkaVersion(): string | null;
export declare function javaArgs(
  mainClass: string,
  args: string[],
  options?: { heap?: string[]; extraJvm?: string[]; log4jConfig?: string },
): string[];
export declare function runKafkaTool(
  mainClass: string,
  args: string[],
  options?: { timeoutMs?: number; input?: string },
): { stdout: string; stderr: string };
export interface ToolRun {
  status: number;
  stdout: string;
  stderr: string;
}
export interface ToolRunner {
  run(mainClass: string, args: string[], options?: { input?: string }): Promise<ToolRun>;
  close(): Promise<void>;
}
export declare function startToolRunner(options?: { timeoutMs?: number }): ToolRunner;
