package app.trecho.protocol.model;

/**
 * The health of the server's store, as {@code admin.status.ok} reports it (protocol 1.1).
 *
 * @param mode the durability mode, e.g. {@code memory} or {@code sqlite}
 * @param ok false when the store cannot currently make changes durable
 * @param detail a human explanation (path, last failure), possibly empty
 */
public record StoreStatus(String mode, boolean ok, String detail) {}
