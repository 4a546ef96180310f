package graphkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import sun.misc.Signal;

/**
 * graphkit's local Neo4j dev server: an embedded Neo4j Community 5 (test harness)
 * with Bolt on 127.0.0.1 only, auth disabled, the HTTP server off.
 *
 * <p>Usage: {@code DevServer [--port N] [--dir PATH] [--watch-stdin]}. Port 0 (the
 * default) lets the OS pick a free port, so two servers never race for one. When
 * Bolt is ready it prints exactly one line, {@code bolt://127.0.0.1:PORT}, to stdout.
 * SIGINT / SIGTERM run the shutdown hook, which closes the database (the harness
 * deletes its store under the working dir). With {@code --watch-stdin} the server
 * also stops when stdin reaches end of file, so it cannot outlive a parent process
 * that died without stopping it.
 */
public final class DevServer {
    private DevServer() {}

    public static void main(String[] args) throws Exception {
        int port = 0;
        Path dir = null;
        boolean watchStdin = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--watch-stdin" -> watchStdin = true;
                default -> {
                    System.err.println("unknown argument: " + args[i]);
                    System.exit(2);
                }
            }
        }
        boolean ownDir = dir == null;
        if (ownDir) {
            dir = Files.createTempDirectory("graphkit-neo4j-");
        }
        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(dir)
                .withDisabledServer()
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .withConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .withConfig(GraphDatabaseSettings.auth_enabled, false)
                // A dev server for small graphs: keep memory modest on a shared machine.
                .withConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
                .withConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // Netty's graceful shutdown waits out a quiet period (seconds by default);
                // a dev server has no clients worth draining, so stop promptly.
                .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        final Path workDir = dir;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                neo4j.close();
            } finally {
                if (ownDir) {
                    deleteQuietly(workDir);
                }
                stopped.countDown();
            }
        }, "graphkit-neo4j-shutdown"));

        // A shell starts background jobs with SIGINT ignored, and the JVM then keeps
        // ignoring it; handle it explicitly so Ctrl-C / SIGINT always stops the server.
        Signal.handle(new Signal("INT"), sig -> System.exit(130));

        URI bolt = neo4j.boltURI();
        System.out.println("bolt://127.0.0.1:" + bolt.getPort());
        System.out.flush();

        if (watchStdin) {
            Thread watcher = new Thread(() -> {
                try (InputStream in = System.in) {
                    while (in.read() != -1) {
                        // Ignore input; only end of file matters.
                    }
                } catch (IOException ignored) {
                    // A broken pipe means the parent is gone, same as end of file.
                }
                System.exit(0);
            }, "graphkit-neo4j-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }
        stopped.await();
    }

    private static void deleteQuietly(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: a temp dir left behind is harmless.
                }
            });
        } catch (IOException ignored) {
            // Best effort, as above.
        }
    }
}
