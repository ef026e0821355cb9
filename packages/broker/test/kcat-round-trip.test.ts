// Intent: librdkafka (kcat 1.7 / librdkafka 2.0.2) negotiates versions with the broker, produces to an auto-created
// topic and consumes the records back from the beginning without a consumer group.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SingleNode, startSingleNode } from './single-node.js';

const KCAT = '/usr/bin/kcat';
let node: SingleNode;

beforeAll(async () => {
  node = await startSingleNode();
});

afterAll(async () => {
  await node?.stop();
});

function kcat(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(KCAT, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`kcat ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

describe('kcat against the broker', () => {
  it('produces keyed records and consumes them back', async () => {
    const broker = `127.0.0.1:${node.port}`;
    const common = ['-b', broker, '-X', 'api.version.request=true', '-t', 'kcat-topic'];
    const lines = Array.from({ length: 50 }, (_, i) => `k${i % 5}:v${i}`);
    await kcat([...common, '-P', '-K', ':', '-X', 'topic.request.required.acks=-1'], `${lines.join('\n')}\n`);
    const out = await kcat([...common, '-C', '-o', 'beginning', '-e', '-f', '%k:%s:%o\\n']);
    const consumed = out.trim().split('\n');
    expect(consumed.map((l) => l.split(':').slice(0, 2).join(':'))).toEqual(lines);
    expect(consumed.map((l) => Number(l.split(':')[2]))).toEqual(lines.map((_, i) => i));
    // The versions we advertise let librdkafka use its own metadata query and list the topic.
    const listing = await kcat(['-b', broker, '-L', '-t', 'kcat-topic']);
    expect(listing).toContain('topic "kcat-topic" with 1 partitions');
  });
});
