package app.trecho.protocol.model;

/** How itinerary search results are ordered. */
public enum SortOrder {
    ARRIVAL("arrival"),
    PRICE("price"),
    DURATION("duration");

    private final String wire;

    SortOrder(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
