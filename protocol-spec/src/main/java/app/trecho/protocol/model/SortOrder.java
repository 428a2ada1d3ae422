package app.trecho.protocol.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How itinerary search results are ordered. */
public enum SortOrder {
    ARRIVAL("arrival"),
    PRICE("price"),
    DURATION("duration");

    private final String wire;

    SortOrder(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
