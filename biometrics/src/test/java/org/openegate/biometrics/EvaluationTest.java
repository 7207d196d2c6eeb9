package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Evaluation#run} over full images (detection path), with the demo faces as data. */
class EvaluationTest {

  @Test
  void run_fullImages_separatesDemoPersonsAndCountsFailures(@TempDir Path root) throws Exception {
    List<DemoPerson> persons = DemoFaces.persons();
    for (DemoPerson p : persons) {
      Files.createDirectories(root.resolve(p.id()));
      Files.write(root.resolve(p.id()).resolve("chip.img"), p.portrait().bytes());
      for (int i = 0; i < p.liveCaptures().size(); i++) {
        Files.write(root.resolve(p.id()).resolve("live" + i + ".jpg"), p.liveCaptures().get(i).bytes());
      }
    }
    Files.write(root.resolve("blank.png"), ImageProbeTest.pngHeader(64, 64)); // undecodable
    List<String> rows = new ArrayList<>(List.of("fold,same_person,image1,image2"));
    for (DemoPerson p : persons) {
      for (int i = 0; i < 2; i++) {
        rows.add("1,1," + p.id() + "/live" + i + ".jpg," + p.id() + "/chip.img");
      }
    }
    for (int i = 0; i < 2; i++) {
      rows.add("1,0,eileen-collins/live" + i + ".jpg,grace-hopper/chip.img");
      rows.add("1,0,grace-hopper/live" + i + ".jpg,eileen-collins/chip.img");
    }
    rows.add("1,0,blank.png,grace-hopper/chip.img");
    Path csv = root.resolve("pairs.csv");
    Files.write(csv, rows);

    try (FaceEngine engine = FaceEngine.load()) {
      Evaluation.Result r = Evaluation.run(engine, csv, root, false);
      assertThat(r.pairs()).isEqualTo(9);
      assertThat(r.genuine()).isEqualTo(4);
      assertThat(r.impostor()).isEqualTo(5);
      assertThat(r.failures()).isEqualTo(1);
      assertThat(r.eer()).isZero();
      assertThat(r.fnmrAtFmr1e3()).isZero();
      assertThat(r.curve().fmrAt(engine.threshold())).isZero();
    }
  }

  @Test
  void run_namesTheMalformedLine(@TempDir Path root) throws Exception {
    Path csv = root.resolve("pairs.csv");
    Files.write(csv, List.of("fold,same_person,image1,image2", "1,yes,a.jpg,b.jpg"));
    try (FaceEngine engine = FaceEngine.load()) {
      assertThatThrownBy(() -> Evaluation.run(engine, csv, root, true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("pairs.csv line 2");
    }
  }
}
