// Runs many Kafka CLI tools' main() in ONE JVM, so a test that drives a dozen tools pays the JVM start (1-2 s each on
// shared cores) once. Launched as a single-file source program: java -cp 'target/lib/*' ToolRunner.java
//
// Protocol, one line per call on stdin, fields in base64 separated by spaces: INPUT MAINCLASS ARG...
// (INPUT becomes the tool's System.in). Answer, one line on stdout: EXITCODE STDOUT_BASE64 STDERR_BASE64.
// Exit.exit/halt inside a tool (Kafka's tools end with it) is turned into an exception; the FIRST such call decides the
// exit code and silences the tool from then on, as the real JVM would have stopped there (tools such as TopicCommand
// catch the exception and call Exit.exit again with 1). Shutdown hooks a tool registers, through Exit (ConsoleProducer
// closes, and so flushes, its producer in one) or straight with Runtime.addShutdownHook (VerifiableProducer), run
// when the tool ends, as they would at JVM exit; the latter are found in java.lang.ApplicationShutdownHooks, which
// needs --add-opens java.base/java.lang=ALL-UNNAMED.
import java.io.*;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.Exit;

public final class ToolRunner {
    private static final class ExitCalled extends RuntimeException {
        final int code;

        ExitCalled(int code) {
            super("exit " + code, null, false, false);
            this.code = code;
        }
    }

    /** System.out/err stay ONE stream object for the JVM's life (Scala's Console keeps the first one it saw); each call
     *  only switches where it writes. */
    private static final class Switchable extends OutputStream {
        volatile OutputStream target = OutputStream.nullOutputStream();

        @Override public void write(int b) throws IOException { target.write(b); }
        @Override public void write(byte[] b, int off, int len) throws IOException { target.write(b, off, len); }
    }

    private static final Switchable out = new Switchable();
    private static final Switchable err = new Switchable();
    private static volatile Integer firstExit;
    private static final List<Runnable> shutdownHooks = new ArrayList<>();

    private static void exitCalled(int code) {
        synchronized (ToolRunner.class) {
            if (firstExit == null) {
                firstExit = code;
                System.out.flush();
                System.err.flush();
                out.target = OutputStream.nullOutputStream();
                err.target = OutputStream.nullOutputStream();
            }
        }
        throw new ExitCalled(code);
    }

    private static final long HOOK_TIMEOUT_MS = 60_000;

    /** The JVM's registered shutdown hook threads (Runtime.addShutdownHook). */
    @SuppressWarnings("unchecked")
    private static Set<Thread> runtimeHooks() {
        try {
            Class<?> hooksClass = Class.forName("java.lang.ApplicationShutdownHooks");
            Field field = hooksClass.getDeclaredField("hooks");
            field.setAccessible(true);
            synchronized (hooksClass) {
                return new HashSet<>(((Map<Thread, Thread>) field.get(null)).keySet());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read the JVM's shutdown hooks (--add-opens java.base/java.lang)", e);
        }
    }

    /** Runs the hooks the tool registered since `before`, as JVM exit would have. */
    private static void runShutdownHooks(Set<Thread> before) throws InterruptedException {
        List<Runnable> hooks;
        synchronized (shutdownHooks) {
            hooks = new ArrayList<>(shutdownHooks);
            shutdownHooks.clear();
        }
        for (Runnable hook : hooks) {
            try {
                hook.run();
            } catch (Throwable t) {
                t.printStackTrace();
            }
        }
        Set<Thread> added = runtimeHooks();
        added.removeAll(before);
        for (Thread hook : added) {
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.start();
        }
        for (Thread hook : added) hook.join(HOOK_TIMEOUT_MS);
    }

    public static void main(String[] ignored) throws IOException {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Exit.setExitProcedure((code, message) -> exitCalled(code));
        Exit.setHaltProcedure((code, message) -> exitCalled(code));
        Exit.setShutdownHookAdder((name, hook) -> {
            synchronized (shutdownHooks) {
                shutdownHooks.add(hook);
            }
        });
        Base64.Decoder decoder = Base64.getDecoder();
        Base64.Encoder encoder = Base64.getEncoder();
        for (String line; (line = requests.readLine()) != null; ) {
            String[] fields = line.split(" ", -1);
            String mainClass = new String(decoder.decode(fields[1]), StandardCharsets.UTF_8);
            String[] args = new String[fields.length - 2];
            for (int i = 0; i < args.length; i++) args[i] = new String(decoder.decode(fields[i + 2]), StandardCharsets.UTF_8);
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            out.target = stdout;
            err.target = stderr;
            System.setIn(new ByteArrayInputStream(decoder.decode(fields[0])));
            firstExit = null;
            Set<Thread> hooksBefore = runtimeHooks();
            int code = 0;
            try {
                Class.forName(mainClass).getMethod("main", String[].class).invoke(null, (Object) args);
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof ExitCalled)) {
                    e.getCause().printStackTrace();
                    code = 1;
                }
            } catch (ReflectiveOperationException e) {
                e.printStackTrace();
                code = 127;
            } finally {
                try {
                    runShutdownHooks(hooksBefore);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                System.out.flush();
                System.err.flush();
                out.target = OutputStream.nullOutputStream();
                err.target = OutputStream.nullOutputStream();
            }
            if (firstExit != null) code = firstExit;
            protocol.println(code + " " + encoder.encodeToString(stdout.toByteArray()) + " "
                + encoder.encodeToString(stderr.toByteArray()));
        }
        System.exit(0); // stdin closed: done, even if a tool left a non-daemon thread behind
    }
}
