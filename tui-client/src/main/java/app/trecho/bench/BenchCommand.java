package app.trecho.bench;

import app.trecho.client.ClientConfig;
import app.trecho.client.ConnectionException;
import app.trecho.client.ReconnectPolicy;
import app.trecho.client.TrechoClients;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code trecho.jar bench ...}: drives a running server with simulated customers over real
 * connections and reports throughput, latency percentiles, errors and an invariant check.
 * Exit codes: 0 all good, 1 the invariant check failed, 2 bad command line, 3 could not run.
 */
public final class BenchCommand {
    private final BenchContext.Connector connector;
    private final PrintStream out;
    private final PrintStream err;

    BenchCommand(BenchContext.Connector connector, PrintStream out, PrintStream err) {
        this.connector = connector;
        this.out = out;
        this.err = err;
    }

    /**
     * The bench over the real client library: one connection per simulated customer, no automatic
     * reconnect (a lost connection is an error to count, not to hide), generous request timeouts.
     */
    public static BenchCommand overTcp(PrintStream out, PrintStream err) {
        return new BenchCommand(
                (host, port) -> TrechoClients.connect(ClientConfig.of(host, port)
                        .withReconnect(ReconnectPolicy.disabled())
                        .withRequestTimeout(Duration.ofSeconds(30))
                        .withConnectTimeout(Duration.ofSeconds(30))
                        .withClientName("trecho-bench")),
                out,
                err);
    }

    public int run(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.UsageException e) {
            if (e.getMessage() != null) {
                err.println("bench: " + e.getMessage());
            }
            err.print(BenchOptions.USAGE);
            return e.getMessage() == null ? 0 : 2;
        }
        ServerWatch server;
        try {
            server = options.serverPid() > 0 ? ServerWatch.of(options.serverPid()) : ServerWatch.NONE;
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            return 2;
        }
        Metrics metrics = new Metrics(CpuTimes::now, server);
        BenchContext context = new BenchContext(options, metrics, connector);
        try {
            context.loadCatalog();
            Map<String, Object> figures = Scenario.of(options.scenario()).run(context);
            Duration measured = metrics.measured();
            InvariantCheck.Result invariant = InvariantCheck.run(context);
            Map<String, Object> summary = Report.summary(options, metrics, measured, figures, invariant);
            Table.print(summary, out);
            if (options.json() != null) {
                JsonMapper mapper = JsonMapper.builder()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .build();
                Files.writeString(options.json(), mapper.writeValueAsString(summary) + "\n");
            }
            return invariant.ok() ? 0 : 1;
        } catch (BenchContext.SetupException | ConnectionException e) {
            err.println("bench: " + e.getMessage());
            return 3;
        } catch (IOException e) {
            err.println("bench: cannot write " + options.json() + ": " + e.getMessage());
            return 3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("bench: interrupted");
            return 3;
        } finally {
            metrics.stopMeasuring(); // a scenario that threw never did: the server's sampler stops here
            context.closeAll();
        }
    }
}
