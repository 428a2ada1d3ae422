package app.trecho.bench;

import java.util.Locale;
import java.util.Map;

/** One way of loading the server. Each runs to completion and may add its own figures to the report. */
interface Scenario {

    /** The scenarios the command line names. */
    enum Kind {
        BOOK,
        BROWSE,
        RACE,
        MIXED,
        CONNECTIONS,
        PING;

        static Kind parse(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BenchOptions.UsageException(
                        "--scenario must be one of book, browse, race, mixed, connections, ping; got '" + value + "'");
            }
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Runs the scenario; returns its own figures (e.g. race rounds won), reported under the
     * scenario's name. Problems that break an invariant go to {@code context.problems()}.
     */
    Map<String, Object> run(BenchContext context) throws InterruptedException;

    static Scenario of(Kind kind) {
        return switch (kind) {
            case BOOK -> DrivenScenario.book();
            case BROWSE -> DrivenScenario.browse();
            case MIXED -> DrivenScenario.mixed();
            case RACE -> new RaceScenario();
            case CONNECTIONS -> new ConnectionsScenario();
            case PING -> DrivenScenario.ping();
        };
    }
}
