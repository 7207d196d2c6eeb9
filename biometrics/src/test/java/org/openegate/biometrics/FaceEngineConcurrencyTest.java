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

  /** Two workers per engine, both backends: concurrent results equal sequential ones exactly. */
  // A loop, not @ParameterizedTest: see BadInputTest's class comment.
  @org.junit.jupiter.api.Test
  void pooledEngine_twoWorkersGiveTheSameTemplatesAsOne() throws Exception {
    for (InferenceBackend backend : InferenceBackend.values()) {
      pooledEngine(backend);
    }
  }

  private static void pooledEngine(InferenceBackend backend) throws Exception {
    byte[] image = DemoFaces.person("grace-hopper").portrait().bytes();
    FaceTemplate expected;
    try (FaceEngine one = FaceEngine.load(FaceEngine.Options.defaults().withBackend(backend))) {
      expected = one.analyse(image).template();
    }
    try (FaceEngine two =
        FaceEngine.load(FaceEngine.Options.defaults().withBackend(backend).withWorkers(2))) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<FaceTemplate>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          futures.add(pool.submit(() -> two.analyse(image).template()));
        }
        for (Future<FaceTemplate> f : futures) {
          // Same backend, same input: bit-identical whichever worker ran it.
          assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(expected);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * close() while calls are in flight: each call either completes with a correct result or fails
   * with ENGINE_CLOSED; none hangs or crashes, and close() returns once the workers are back.
   */
  @org.junit.jupiter.api.Test
  void close_whileCallsAreInFlight() throws Exception {
    byte[] image = DemoFaces.person("grace-hopper").portrait().bytes();
    FaceEngine engine = FaceEngine.load(FaceEngine.Options.defaults().withWorkers(2));
    FaceTemplate expected = engine.analyse(image).template();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<FaceTemplate>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(() -> engine.analyse(image).template()));
      }
      engine.close();
      int done = 0;
      int refused = 0;
      for (Future<FaceTemplate> f : futures) {
        try {
          assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(expected);
          done++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(FaceException.class);
          assertThat(((FaceException) e.getCause()).reason())
              .isEqualTo(FaceException.Reason.ENGINE_CLOSED);
          refused++;
        }
      }
      assertThat(done + refused).isEqualTo(8);
      assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
              () -> engine.analyse(image), FaceException.class).reason())
          .isEqualTo(FaceException.Reason.ENGINE_CLOSED);
      engine.close(); // idempotent
    } finally {
      pool.shutdownNow();
    }
  }

  @org.junit.jupiter.api.Test
  void options_rejectBadValuesWhole() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> FaceEngine.Options.defaults().withWorkers(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers 0");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> FaceEngine.Options.defaults().withLivenessThreshold(1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
  }
}
