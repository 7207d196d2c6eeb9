package org.openegate.biometrics;

import java.util.List;

/**
 * A person whose public-domain portrait the simulated gate may use.
 *
 * @param id a stable identifier, e.g. {@code grace-hopper}
 * @param displayName the person's name as credited by the source
 * @param source where the photo comes from (package and file)
 * @param licence the licence of the photo
 * @param portrait the photo as published: use it as the chip (DG2) portrait
 * @param liveCaptures other images of the same person: use them as camera frames
 */
public record DemoPerson(
    String id,
    String displayName,
    String source,
    String licence,
    DemoPhoto portrait,
    List<DemoPhoto> liveCaptures) {

  public DemoPerson {
    liveCaptures = List.copyOf(liveCaptures);
  }
}
