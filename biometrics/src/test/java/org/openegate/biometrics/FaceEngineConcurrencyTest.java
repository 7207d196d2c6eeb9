package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One engine shared by several threads gives the same answers as sequential calls. */
class FaceEngineConcurrencyTest {

  @Test
  void sharedEngine_givesSequentialResultsUnderConcurrentCalls() throws Exception {
    List<byte[]> images = new ArrayList<>();
    for (DemoPerson p : DemoFaces.persons()) {
      images.add(p.portrait().bytes());
      for (DemoPhoto photo : p.liveCaptures()) {
        images.add(photo.bytes());
      }
    }
    try (FaceEngine engine = FaceEngine.load()) {
      List<FaceTemplate> expected = new ArrayList<>();
      for (byte[] image : images) {
        expected.add(engine.analyse(image).template());
      }
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<FaceTemplate>> futures = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
          for (byte[] image : images) {
            futures.add(pool.submit(() -> engine.analyse(image).template()));
          }
        }
        for (int i = 0; i < futures.size(); i++) {
          FaceTemplate t = futures.get(i).get(60, TimeUnit.SECONDS);
          assertThat(t).isEqualTo(expected.get(i % images.size()));
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
