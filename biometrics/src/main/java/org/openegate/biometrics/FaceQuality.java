package org.openegate.biometrics;

/**
 * Simple, explainable capture-quality measures (not an ISO/IEC 29794-5 quality score).
 *
 * @param interEyeDistance distance between the eye centres in source-image pixels; ICAO portraits
 *     want at least 90 (ISO/IEC 39794-5 recommends ~ 90-120 for a full frontal image)
 * @param sharpness variance of the Laplacian of the aligned 112x112 grey crop; low means blur
 * @param brightness mean grey level of the aligned crop, 0..255
 * @param yawAsymmetry horizontal offset of the nose tip from the eye midpoint, as a fraction of the
 *     inter-eye distance; near 0 for a frontal face, about +-0.5 at strong yaw
 */
public record FaceQuality(
    double interEyeDistance, double sharpness, double brightness, double yawAsymmetry) {}
