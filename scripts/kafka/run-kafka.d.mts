// Types of run-kafka.mjs for the TypeScript tests in test/kafka-tools.
export interface ApacheKafka {
  bootstrap: string;
  port: number;
  dataDir: string;
  pid: number;
  clusterId: string;
  stop(): Promise<void>;
}
export declare function freePort(): Promise<number>;
export declare function startKafka(options?: {
  dataDir?: string;
  port?: number;
  controllerPort?: number;
  partitions?: number;
  log?: (line: string) => void;
}): Promise<ApacheKafka>;
