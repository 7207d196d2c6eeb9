package org.openegate.biometrics;

/**
 * Explainable capture-quality measures of one face, leaning on ISO/IEC 29794-5 as BSI's OFIQ
 * implements it (each measure says where it follows or departs from it). {@link QualityPolicy}
 * turns them into pass/fail with a reason per failure.
 *
 * @param interEyeDistance distance between the eye centres in source-image pixels
 * @param sharpness variance of the Laplacian of the aligned 112x112 grey crop; low means blur (a
 *     classic focus measure; OFIQ's Sharpness is a random forest over several such features)
 * @param brightness mean grey level of the aligned crop, 0..255
 * @param yawAsymmetry horizontal offset of the nose tip from the eye midpoint, as a fraction of the
 *     inter-eye distance; near 0 for a frontal face, about +-0.5 at strong yaw
 * @param yawDegrees head yaw from the 68 landmarks fitted to a generic 3-D head (solvePnP); positive
 *     when the head turns towards the image's right
 * @param pitchDegrees head pitch, same fit; positive when the head tilts down
 * @param rollDegrees in-plane rotation of the line between the eye centres; positive clockwise
 * @param eyeOpening the smaller of the two eyes' openings: mean eyelid gap over eye width (the eye
 *     aspect ratio of Soukupova and Cech, 2016); about 0.25-0.35 open, below 0.1 closed
 * @param darkFraction share of the aligned crop's inner face pixels with luminance 0..25 (OFIQ's
 *     UnderExposurePrevention range)
 * @param brightFraction share with luminance 247..255 (OFIQ's OverExposurePrevention range)
 * @param headWidthRatio face width (jaw points 0 to 16) over image width
 * @param headHeightRatio detected face box height over image height
 */
public record FaceQuality(
    double interEyeDistance,
    double sharpness,
    double brightness,
    double yawAsymmetry,
    double yawDegrees,
    double pitchDegrees,
    double rollDegrees,
    double eyeOpening,
    double darkFraction,
    double brightFraction,
    double headWidthRatio,
    double headHeightRatio) {}
