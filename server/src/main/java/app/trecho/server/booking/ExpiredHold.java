package app.trecho.server.booking;

import java.util.List;

/** A hold the scheduler expired: its owner is told, its seats are back on sale. */
public record ExpiredHold(String holdId, String account, List<String> segments) {}
