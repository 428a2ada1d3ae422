package app.trecho.tui;

import com.googlecode.lanterna.input.KeyType;

/** The screens the menu reaches directly, with their shortcuts (F-key and Alt+letter). */
enum Place {
    BOARD("Board", KeyType.F2, 'b'),
    SEARCH("Search", KeyType.F3, 's'),
    CART("Cart", KeyType.F4, 'c'),
    BOOKINGS("Bookings", KeyType.F5, 'k'),
    ACCOUNT("Account", KeyType.F6, 'a');

    final String label;
    final KeyType fKey;
    final char altKey;

    Place(String label, KeyType fKey, char altKey) {
        this.label = label;
        this.fKey = fKey;
        this.altKey = altKey;
    }

    String fKeyName() {
        return fKey.name();
    }
}
