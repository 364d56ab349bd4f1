package dev.fullecs.emulator.image;

/** An image tag, key and value. */
public class Tag {
  public String key;
  public String value;
}
