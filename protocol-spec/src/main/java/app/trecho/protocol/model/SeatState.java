package app.trecho.protocol.model;

/** The state of one seat on one segment, as every client sees it. */
public enum SeatState {
    FREE("free"),
    HELD("held"),
    SOLD("sold");

    private final String wire;

    SeatState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
