package app.trecho.server.booking;

/**
 * An immutable flight network: cities and scheduled segments with their seat layouts and fares.
 * Loaded from the built-in sample or a JSON file (see server/NETWORK.md).
 */
public final class Network {
    // TODO core helper: cities, segments, SampleNetwork.build(clock/today), NetworkFile.load(Path)
}
