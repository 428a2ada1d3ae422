package app.trecho.server.state;

import app.trecho.protocol.model.SeatChange;
import java.util.List;

/**
 * What changed on one segment, for live events: the seats that changed, the new free count and the
 * seat map's new version.
 */
public record SeatDelta(String segment, List<SeatChange> changes, int seatsFree, int seatsTotal, long version) {}
