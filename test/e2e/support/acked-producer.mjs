// Child process for the crash test: produces unique values to one partition with acks=all from several concurrent
// send loops (so requests are in flight when the node dies), printing every acknowledged batch as
// `ACK <baseOffset> <firstSequence> <count>`. Values are `crash-value-<sequence>`, sequences start at argv[4].
import kafkajs from 'kafkajs';

const [bootstrap, topic, startArg] = process.argv.slice(2);
const BATCH = 50;
const LOOPS = 4;
const kafka = new kafkajs.Kafka({
  clientId: 'e2e-crash-producer',
  brokers: [bootstrap],
  logLevel: kafkajs.logLevel.NOTHING,
  retry: { retries: 0 },
});
const producer = kafka.producer({ allowAutoTopicCreation: false });
await producer.connect();
let sequence = Number(startArg ?? 0);

async function loop() {
  for (;;) {
    const first = sequence;
    sequence += BATCH;
    const messages = [];
    for (let i = 0; i < BATCH; i++) messages.push({ partition: 0, value: `crash-value-${first + i}` });
    try {
      const [ack] = await producer.send({ topic, messages, acks: -1 });
      if (ack.errorCode !== 0) throw new Error(`error code ${ack.errorCode}`);
      process.stdout.write(`ACK ${ack.baseOffset} ${first} ${BATCH}\n`);
    } catch (error) {
      process.stdout.write(`FAIL ${first} ${error.message}\n`);
      process.exit(0);
    }
  }
}
await Promise.all(Array.from({ length: LOOPS }, loop));
