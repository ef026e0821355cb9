// Produces N records with the Java client's DEFAULT producer settings (acks=all, idempotence on, so InitProducerId
// and sequence numbers are exercised), then reads them back with assign() + seekToBeginning() (no consumer group)
// and checks every value arrived exactly once and in order per partition. Exit code 0 = pass.
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

public final class JavaClientCheck {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    int count = Integer.parseInt(args[2]);

    Properties producerProps = new Properties();
    producerProps.put("bootstrap.servers", bootstrap);
    producerProps.put("key.serializer", StringSerializer.class.getName());
    producerProps.put("value.serializer", StringSerializer.class.getName());
    Map<String, Long> offsetOfValue = new HashMap<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        acks.add(producer.send(new ProducerRecord<>(topic, "k-" + i, "v-" + i)));
      }
      producer.flush();
      for (int i = 0; i < count; i++) {
        RecordMetadata metadata = acks.get(i).get();
        offsetOfValue.put(metadata.partition() + "/v-" + i, metadata.offset());
      }
    }
    System.out.println("produced " + count);

    Properties consumerProps = new Properties();
    consumerProps.put("bootstrap.servers", bootstrap);
    consumerProps.put("key.deserializer", StringDeserializer.class.getName());
    consumerProps.put("value.deserializer", StringDeserializer.class.getName());
    consumerProps.put("enable.auto.commit", "false");
    int seen = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic)) partitions.add(new TopicPartition(topic, info.partition()));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.currentTimeMillis() + 60_000;
      while (seen < count && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          Long expected = offsetOfValue.remove(record.partition() + "/" + record.value());
          if (expected == null || expected != record.offset()) {
            System.out.println("FAIL unexpected record " + record.partition() + "@" + record.offset() + " " + record.value());
            System.exit(1);
          }
          if (!record.key().equals("k-" + record.value().substring(2))) {
            System.out.println("FAIL key " + record.key() + " for value " + record.value());
            System.exit(1);
          }
          seen++;
        }
      }
    }
    if (seen != count || !offsetOfValue.isEmpty()) {
      System.out.println("FAIL consumed " + seen + " of " + count);
      System.exit(1);
    }
    System.out.println("consumed " + seen);
    System.out.println("OK");
  }
}
