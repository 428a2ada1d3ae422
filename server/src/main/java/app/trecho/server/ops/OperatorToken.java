package app.trecho.server.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The operator token the server was started with. Only its SHA-256 is kept; an offered token is
 * hashed and compared with {@link MessageDigest#isEqual} (constant time, and equal lengths, so
 * neither the content nor the length of the secret leaks through timing).
 */
public final class OperatorToken {
    private static final OperatorToken NONE = new OperatorToken(null);

    private final byte[] hash;

    private OperatorToken(byte[] hash) {
        this.hash = hash;
    }

    /** The token {@code secret}, or {@link #none()} when it is null or empty. */
    public static OperatorToken of(String secret) {
        return secret == null || secret.isEmpty() ? NONE : new OperatorToken(sha256(secret));
    }

    /** No token configured: every offer is refused. */
    public static OperatorToken none() {
        return NONE;
    }

    public boolean configured() {
        return hash != null;
    }

    /** True when {@code offered} is the configured token. */
    public boolean matches(String offered) {
        byte[] offeredHash = sha256(offered == null ? "" : offered);
        if (hash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash, offeredHash);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return configured() ? "OperatorToken[set]" : "OperatorToken[none]";
    }
}
