package app.trecho.protocol.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The state of one seat on one segment, as every client sees it. */
public enum SeatState {
    FREE("free"),
    HELD("held"),
    SOLD("sold");

    private final String wire;

    SeatState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
