package app.trecho.protocol.model;

/** A city served by the network, by its IATA-style three-letter code. */
public record City(String code, String name) {}
