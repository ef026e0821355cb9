// Sends unique keyed values ("v-<n>", key "k-<n>") with the Java client's DEFAULT producer settings (acks=all,
// idempotence on) until a line arrives on stdin (or stdin closes), then flushes and closes. Prints one line per
// ACKNOWLEDGED value, "ACK <partition> <offset> <value>", and one per failed send, "FAIL <value> <exception>", so the
// test can check the log against exactly what the client was told. Exit code 0 = closed cleanly.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public final class AckedValueProducer {
  // Bounds the records awaiting an answer, so a stalled partition doesn't let the backlog (and stdout) grow unbounded.
  private static final int MAX_OUTSTANDING = 500;

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];

    AtomicBoolean stopping = new AtomicBoolean(false);
    Thread stdinWatcher = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        in.readLine();
      } catch (Exception ignored) {
        // A broken stdin means the test is gone: stop just the same.
      }
      stopping.set(true);
    });
    stdinWatcher.setDaemon(true);
    stdinWatcher.start();

    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);
    long sent = 0;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      System.out.println("READY");
      System.out.flush();
      while (!stopping.get()) {
        outstanding.acquire();
        String value = "v-" + sent;
        producer.send(new ProducerRecord<>(topic, "k-" + sent, value), (metadata, exception) -> {
          if (exception == null) {
            System.out.println("ACK " + metadata.partition() + " " + metadata.offset() + " " + value);
          } else {
            System.out.println("FAIL " + value + " " + exception);
          }
          outstanding.release();
        });
        sent++;
      }
      producer.flush();
    }
    System.out.println("CLOSED sent=" + sent);
    System.out.flush();
  }
}
