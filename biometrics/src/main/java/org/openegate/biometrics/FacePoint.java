package org.openegate.biometrics;

/** A point in image pixel coordinates. */
public record FacePoint(double x, double y) {}
