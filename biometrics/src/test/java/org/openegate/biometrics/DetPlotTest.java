package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

class DetPlotTest {

  @Test
  void png_isA640x480ImageWithTheCurveDrawn() {
    DetCurve curve =
        DetCurve.of(
            new double[] {0.9, 0.7, 0.5, 0.3, 0.35, 0.1, 0.0, -0.1},
            new boolean[] {true, true, true, true, false, false, false, false});
    byte[] png = DetPlot.png(curve, 0.32, "test curve");
    assertThat(ImageProbe.probe(png)).isEqualTo(new ImageInfo(ImageFormat.PNG, 640, 480));
    try (MatScope scope = new MatScope()) {
      Mat img = FaceEngine.decode(png, scope);
      // Some pixels are the curve's blue (B high, R low) and some the marker's red.
      int blue = 0;
      int red = 0;
      byte[] px = new byte[3];
      for (int y = 0; y < img.rows(); y += 1) {
        for (int x = 0; x < img.cols(); x += 1) {
          img.get(y, x, px);
          int b = px[0] & 0xFF;
          int r = px[2] & 0xFF;
          if (b > 150 && r < 60) {
            blue++;
          } else if (r > 180 && b < 60) {
            red++;
          }
        }
      }
      assertThat(blue).isGreaterThan(100);
      assertThat(red).isGreaterThan(10);
    }
  }
}
