// Child process for the crash test: produces unique values to one partition with acks=all forever, printing every
// acknowledged batch as `ACK <baseOffset> <firstSequence> <count>` on its own line. Killed by the test.
import kafkajs from 'kafkajs';

const [bootstrap, topic] = process.argv.slice(2);
const BATCH = 50;
const kafka = new kafkajs.Kafka({
  clientId: 'e2e-crash-producer',
  brokers: [bootstrap],
  logLevel: kafkajs.logLevel.NOTHING,
  retry: { retries: 0 },
});
const producer = kafka.producer({ allowAutoTopicCreation: false });
await producer.connect();
let sequence = 0;
for (;;) {
  const first = sequence;
  const messages = [];
  for (let i = 0; i < BATCH; i++) messages.push({ partition: 0, value: `crash-value-${sequence++}` });
  try {
    const [ack] = await producer.send({ topic, messages, acks: -1 });
    if (ack.errorCode !== 0) throw new Error(`error code ${ack.errorCode}`);
    process.stdout.write(`ACK ${ack.baseOffset} ${first} ${BATCH}\n`);
  } catch (error) {
    process.stdout.write(`FAIL ${first} ${error.message}\n`);
    process.exit(0);
  }
}
