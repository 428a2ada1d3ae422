package app.trecho.client;

import java.security.SecureRandom;
import java.util.Base64;

/** Fresh idempotency keys: 128 random bits as 22 URL-safe characters ({@code [A-Za-z0-9_-]}). */
final class IdempotencyKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private IdempotencyKeys() {}

    static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
