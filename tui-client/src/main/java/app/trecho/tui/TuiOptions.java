package app.trecho.tui;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How the TUI draws.
 *
 * @param color false for monochrome ({@code NO_COLOR}, {@code --no-color}): selection and highlights
 *     then use reverse video and bold only
 * @param ascii true to draw only ASCII ({@code --ascii}, or a terminal charset that is not UTF-8)
 */
public record TuiOptions(boolean color, boolean ascii) {

    /** Decides from the flags, the environment's {@code NO_COLOR} and the terminal's charset. */
    public static TuiOptions decide(boolean noColorFlag, boolean asciiFlag, String noColorEnv, Charset charset) {
        boolean noColor = noColorFlag || (noColorEnv != null && !noColorEnv.isEmpty());
        boolean ascii = asciiFlag || !StandardCharsets.UTF_8.equals(charset);
        return new TuiOptions(!noColor, ascii);
    }
}
