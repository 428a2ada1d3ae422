package app.trecho.tui;

import app.trecho.protocol.model.City;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/** City-code completion: a code, a code prefix or part of a name (accents optional) finds cities. */
final class Cities {
    private List<City> all = List.of();

    void set(List<City> cities) {
        all = List.copyOf(cities);
    }

    boolean loaded() {
        return !all.isEmpty();
    }

    List<City> matching(String typed) {
        String query = plain(typed.trim());
        if (query.isEmpty()) {
            return List.of();
        }
        List<City> exact =
                all.stream().filter(c -> c.code().equalsIgnoreCase(query)).toList();
        if (!exact.isEmpty()) {
            return exact;
        }
        return all.stream()
                .filter(c ->
                        plain(c.code()).startsWith(query) || plain(c.name()).contains(query))
                .toList();
    }

    /** The code {@code typed} stands for, or null when it matches no city or several. */
    String resolve(String typed) {
        List<City> found = matching(typed);
        return found.size() == 1 ? found.getFirst().code() : null;
    }

    String describe(List<City> cities, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < cities.size() && i < max; i++) {
            text.append(i == 0 ? "" : ", ")
                    .append(cities.get(i).code())
                    .append(' ')
                    .append(cities.get(i).name());
        }
        if (cities.size() > max) {
            text.append(", ...");
        }
        return text.toString();
    }

    List<City> all() {
        return all;
    }

    private static String plain(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
    }
}
