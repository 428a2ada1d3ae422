package app.trecho.server.net;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The first 128 bits of the SHA-256 of a text's UTF-8, by one thread's hasher and buffers: a digest
 * of an ASCII text allocates only the two numbers it returns. Every request digests its key and its
 * fingerprint; the text's bytes, the hash and a buffer to read it made ~4% of the server's garbage
 * in {@code book}.
 */
final class TextDigest {
    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Longer texts (rare: fingerprints of big carts) are encoded by the JDK instead of kept here. */
    private static final int MAX_BUFFERED = 4_096;

    /**
     * One per thread: creating a hasher per request cost ~1.6 µs of an event loop's time per booking
     * cycle (a provider lookup and its buffers), more than hashing the two short strings.
     */
    private static final ThreadLocal<TextDigest> PER_THREAD = ThreadLocal.withInitial(TextDigest::new);

    private final MessageDigest sha256;
    private final byte[] hash = new byte[32];
    private byte[] text = new byte[256];

    private TextDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The digest of {@code text}, as two numbers, first bytes first (big-endian). */
    static long[] of(String text) {
        return PER_THREAD.get().digest(text);
    }

    private long[] digest(String s) {
        if (!copyAscii(s)) {
            sha256.update(s.getBytes(StandardCharsets.UTF_8));
        }
        try {
            sha256.digest(hash, 0, hash.length); // also resets it for the next text
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 writes 32 bytes", e);
        }
        return new long[] {(long) BIG_ENDIAN_LONG.get(hash, 0), (long) BIG_ENDIAN_LONG.get(hash, 8)};
    }

    /** Hashes {@code s} from this hasher's buffer when it is short ASCII; false, nothing hashed, else. */
    private boolean copyAscii(String s) {
        int length = s.length();
        if (length > MAX_BUFFERED) {
            return false;
        }
        if (length > text.length) {
            text = new byte[MAX_BUFFERED];
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return false; // its UTF-8 has more bytes than characters
            }
            text[i] = (byte) c;
        }
        sha256.update(text, 0, length);
        return true;
    }
}
