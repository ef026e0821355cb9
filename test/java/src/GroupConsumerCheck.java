// A consumer-group member with the Java client's classic protocol: subscribe(topic) in group <group>, poll until
// <expected> records arrived (or 60 s passed), commitSync(), close (LeaveGroup). Prints "REC <partition> <offset>
// <value>" per record, "ASSIGNED <partitions>" on each assignment and "COMMITTED" after commitSync returned.
// Exit code 0 = all expected records consumed and committed.
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

public final class GroupConsumerCheck {
  public static void main(String[] args) {
    String bootstrap = args[0];
    String topic = args[1];
    String group = args[2];
    int expected = Integer.parseInt(args[3]);
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("group.id", group);
    props.put("auto.offset.reset", "earliest");
    props.put("enable.auto.commit", "false");
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    int consumed = 0;
    long deadline = System.currentTimeMillis() + 60_000;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          System.out.println("ASSIGNED " + partitions);
        }
      });
      while (consumed < expected && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          System.out.println("REC " + r.partition() + " " + r.offset() + " " + r.value());
          consumed++;
        }
      }
      consumer.commitSync();
      System.out.println("COMMITTED");
    }
    System.exit(consumed >= expected ? 0 : 1);
  }
}
