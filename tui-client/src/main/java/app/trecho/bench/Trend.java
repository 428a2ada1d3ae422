package app.trecho.bench;

import java.util.List;

/**
 * A least-squares line through a run's cycles per second. Comparing the first and last ten
 * seconds alone judges a run by 20 of its seconds, and on a shared machine two 10 s windows of
 * the same steady load differ by 10–20%; the line weighs every second, so a decay over the run
 * shows in it and one noisy window moves it less (a line still leans towards its ends: a dip in
 * the last window alone moves it about two-fifths as far as it moves last/first).
 *
 * @param seconds how many seconds were fitted
 */
record Trend(int seconds, double intercept, double slopePerSecond) {

    /** Fits {@code perSecond} (value i measured in second i); needs at least two seconds. */
    static Trend fit(List<Long> perSecond) {
        int n = perSecond.size();
        if (n < 2) {
            throw new IllegalArgumentException("a trend needs at least two seconds, got " + n);
        }
        double meanX = (n - 1) / 2.0;
        double meanY = 0;
        for (long y : perSecond) {
            meanY += y;
        }
        meanY /= n;
        double sxy = 0;
        double sxx = 0;
        for (int x = 0; x < n; x++) {
            double dx = x - meanX;
            sxy += dx * (perSecond.get(x) - meanY);
            sxx += dx * dx;
        }
        double slope = sxy / sxx;
        return new Trend(n, meanY - slope * meanX, slope);
    }

    /** The line's value at second {@code x}. */
    double at(double x) {
        return intercept + slopePerSecond * x;
    }

    /**
     * The line at the middle of the last {@code window} seconds over its value at the middle of
     * the first: the same question as last/first, answered from every second. NaN when the line
     * is not above zero at either end (a run that stalled: no ratio means anything then).
     */
    double lastOverFirst(int window) {
        double first = at((window - 1) / 2.0);
        double last = at(seconds - window + (window - 1) / 2.0);
        return first <= 0 || last <= 0 ? Double.NaN : last / first;
    }

    /** Change per minute as a percentage of the line's middle value; NaN when that is not above zero. */
    double percentPerMinute() {
        double middle = at((seconds - 1) / 2.0);
        return middle <= 0 ? Double.NaN : slopePerSecond * 60 / middle * 100;
    }
}
