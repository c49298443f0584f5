package obligraph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A local Neo4j Community server for obligraph's tests, CI and bench: the embedded DBMS of
 * the Maven artifacts with its Bolt connector on 127.0.0.1, authentication on.
 *
 * <pre>
 * java -cp 'target/classes:target/lib/*' obligraph.Neo4jLauncher HOME PASSWORD ENV_FILE [PORT]
 * </pre>
 *
 * Starts (or reopens) the DBMS in HOME, sets the password of user neo4j, listens on PORT (0,
 * the default: a free port the kernel picks, so two servers never collide), then writes
 * ENV_FILE (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_PID as shell assignments)
 * atomically once Bolt answers, and runs until SIGTERM, which shuts the DBMS down cleanly.
 */
public final class Neo4jLauncher {
    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Neo4jLauncher HOME PASSWORD ENV_FILE [PORT]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String password = args[1];
        Path envFile = Path.of(args[2]).toAbsolutePath();
        int port = args.length > 3 ? Integer.parseInt(args[3]) : 0;

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // Small enough for a shared CI machine; the bench graphs fit.
                .setConfig(GraphDatabaseSettings.pagecache_memory, 512L * 1024 * 1024)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }));

        int bolt;
        try {
            GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            setPassword(system, password);
            GraphDatabaseService neo4j = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            bolt = ((GraphDatabaseAPI) neo4j).getDependencyResolver()
                    .resolveDependency(ConnectorPortRegister.class)
                    .getLocalAddress(ConnectorType.BOLT)
                    .getPort();
            writeEnv(envFile, bolt, password);
        } catch (RuntimeException | IOException e) {
            // One line, then exit: the Makefile reports it and no half-started server lingers.
            System.err.println("Neo4jLauncher: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("Neo4j " + neo4jVersion() + " Bolt on bolt://127.0.0.1:" + bolt
                + " (home " + home + ")");
        System.out.flush();
        stopped.await();
    }

    /** The password of user neo4j; a home reopened with its own password keeps it. */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            if (!m.contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    private static String neo4jVersion() {
        Package p = GraphDatabaseService.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "5" : v;
    }

    /** The shell assignments the Makefile and the tests read, written then renamed. */
    private static void writeEnv(Path envFile, int port, String password) throws IOException {
        String text = "NEO4J_URI=bolt://127.0.0.1:" + port + "\n"
                + "NEO4J_USERNAME=neo4j\n"
                + "NEO4J_PASSWORD=" + password + "\n"
                + "NEO4J_PID=" + ProcessHandle.current().pid() + "\n";
        Path tmp = envFile.resolveSibling(envFile.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, envFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
