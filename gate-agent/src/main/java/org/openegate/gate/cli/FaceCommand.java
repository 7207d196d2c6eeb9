package org.openegate.gate.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.openegate.biometrics.DetPlot;
import org.openegate.biometrics.Evaluation;
import org.openegate.biometrics.Reframe;
import org.openegate.biometrics.FaceAnalysis;
import org.openegate.biometrics.FaceEngine;
import org.openegate.biometrics.FaceException;
import org.openegate.biometrics.MultipleFaces;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code egate face compare} and {@code egate face eval}. */
@Command(name = "face", description = "Face verification tools.",
        subcommands = {FaceCommand.Compare.class, FaceCommand.Eval.class})
final class FaceCommand extends CommandGroup {

    /** Failures that mean "this image has no usable face", which is a result (exit 1), not bad input (exit 2). */
    private static final Set<FaceException.Reason> NO_USABLE_FACE = EnumSet.of(FaceException.Reason.NO_FACE,
            FaceException.Reason.MULTIPLE_FACES, FaceException.Reason.IMAGE_TOO_SMALL);

    @Command(name = "compare", description = "Compare the faces in two images (JPEG or PNG). Exit status 1 if they"
            + " do not match or an image has no usable face.")
    static final class Compare implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "IMG_A", description = "probe, e.g. a live capture")
        Path imageA;

        @Parameters(index = "1", paramLabel = "IMG_B", description = "reference, e.g. a chip portrait")
        Path imageB;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            byte[] a = read(imageA);
            byte[] b = read(imageB);
            try (FaceEngine engine = FaceEngine.load()) {
                FaceAnalysis[] analyses = new FaceAnalysis[2];
                JsonObject faceA = describe(engine, a, imageA, analyses, 0);
                JsonObject faceB = describe(engine, b, imageB, analyses, 1);
                JsonObject result = new JsonObject().putNull("score").put("threshold", engine.threshold())
                        .put("match", false).put("faces", new JsonArray().add(faceA).add(faceB));
                if (analyses[0] != null && analyses[1] != null) {
                    double score = analyses[0].template().similarity(analyses[1].template());
                    result.put("score", Math.round(score * 10_000) / 10_000.0)
                            .put("match", score >= engine.threshold());
                }
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    JsonOutput.print(out, result);
                } else {
                    out.printf(Locale.ROOT, "score %s, threshold %.2f: %s%n", result.getValue("score"),
                            engine.threshold(), result.getBoolean("match") ? "MATCH" : "NO MATCH");
                    for (int i = 0; i < 2; i++) {
                        if (analyses[i] != null && analyses[i].severalFacesInView()) {
                            out.printf(Locale.ROOT, "warning: %s holds %d faces; its dominant face was compared%n",
                                    i == 0 ? "IMG_A" : "IMG_B", analyses[i].facesInView());
                        }
                    }
                    out.flush();
                }
                return result.getBoolean("match") ? EgateCommand.OK : EgateCommand.CHECK_FAILED;
            }
        }

        /**
         * Both images are stills, so each is described by its dominant face (MultipleFaces.DOMINANT): a bystander
         * in a photo does not refuse the comparison, but the result says so, additively: {@code facesDetected}
         * (faces in view) and, when more than one, {@code "warning":"MULTIPLE_FACES"}. The gate's live frames keep
         * refusing a second face (LiveCapture).
         */
        private static JsonObject describe(FaceEngine engine, byte[] image, Path path, FaceAnalysis[] out, int i) {
            try {
                FaceAnalysis analysis = engine.analyse(image, MultipleFaces.DOMINANT);
                out[i] = analysis;
                JsonObject face = new JsonObject().put("detected", true).put("facesDetected", analysis.facesInView());
                if (analysis.severalFacesInView()) {
                    face.put("warning", FaceException.Reason.MULTIPLE_FACES.name());
                }
                return face.put("quality", new JsonObject()
                        .put("interEyeDistance", round(analysis.quality().interEyeDistance()))
                        .put("sharpness", round(analysis.quality().sharpness()))
                        .put("brightness", round(analysis.quality().brightness()))
                        .put("yawAsymmetry", round(analysis.quality().yawAsymmetry()))
                        .put("liveness", round(analysis.liveness()))
                        .put("facesFound", analysis.facesFound()));
            } catch (FaceException e) {
                if (NO_USABLE_FACE.contains(e.reason())) {
                    return new JsonObject().put("detected", false).put("reason", e.reason().name());
                }
                throw new EgateCommand.UsageException(path + ": " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "eval", description = "Evaluate verification accuracy on labelled pairs: FNMR at FMR 1e-2 and"
            + " 1e-3, EER, and the threshold for FMR 1e-3.")
    static final class Eval implements Callable<Integer> {

        @Option(names = "--pairs", required = true, paramLabel = "CSV",
                description = "rows fold,same_person,image1,image2 (paths relative to --root)")
        Path pairs;

        @Option(names = "--root", required = true, paramLabel = "DIR", description = "folder the image paths start in")
        Path root;

        @Option(names = "--aligned", description = "images are pre-aligned 112x112 crops: skip detection")
        boolean aligned;

        @Option(names = "--plot", paramLabel = "FILE.png", description = "draw the DET curve to this PNG")
        Path plot;

        @Option(names = "--reframe", paramLabel = "WxH", description = "place each image, scaled, at a random"
                + " position on a background frame of this size (e.g. 640x480), as an unaligned capture")
        String reframe;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
                description = "seed of --reframe's random placement (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(pairs) || !Files.isDirectory(root)) {
                throw new EgateCommand.UsageException("--pairs must be a file and --root a folder");
            }
            if (reframe != null && aligned) {
                throw new EgateCommand.UsageException("--reframe and --aligned exclude each other");
            }
            Evaluation.Result result;
            try (FaceEngine engine = FaceEngine.load()) {
                result = reframe == null ? Evaluation.run(engine, pairs, root, aligned)
                        : Evaluation.runReframed(engine, pairs, root, Reframe.parse(reframe, seed));
            } catch (IllegalArgumentException e) {
                throw new EgateCommand.UsageException(e.getMessage(), e);
            } catch (IOException e) {
                throw new EgateCommand.UsageException("cannot read an image of " + pairs + ": " + e, e);
            }
            if (plot != null) {
                java.nio.file.Files.write(plot, DetPlot.png(result.curve(), result.threshold(),
                        "DET, " + (aligned ? "aligned crops" : reframe != null ? "re-framed " + reframe
                                : "full pipeline") + ", " + result.genuine()
                                + " genuine / " + result.impostor() + " impostor pairs"));
            }
            JsonObject json = new JsonObject().put("pairs", result.pairs()).put("genuine", result.genuine())
                    .put("impostor", result.impostor()).put("failures", result.failures())
                    .put("fnmrAtFmr1e-2", round(result.fnmrAtFmr1e2())).put("fnmrAtFmr1e-3",
                            round(result.fnmrAtFmr1e3()))
                    .put("eer", round(result.eer())).put("threshold", round(result.threshold()));
            JsonObject failed = new JsonObject();
            result.failedImages().forEach((reason, count) -> failed.put(reason.name(), count));
            json.put("failedImages", failed);
            PrintWriter out = spec.commandLine().getOut();
            if (this.json) {
                JsonOutput.print(out, json);
            } else {
                out.printf(Locale.ROOT, "%d pairs (%d genuine, %d impostor, %d failed to embed)%n", result.pairs(),
                        result.genuine(), result.impostor(), result.failures());
                out.printf(Locale.ROOT, "FNMR at FMR 1e-2: %.2f%%  at FMR 1e-3: %.2f%%  EER: %.2f%%  threshold"
                        + " (FMR 1e-3): %.4f%n", 100 * result.fnmrAtFmr1e2(), 100 * result.fnmrAtFmr1e3(),
                        100 * result.eer(), result.threshold());
                out.flush();
            }
            return EgateCommand.OK;
        }
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static byte[] read(Path path) {
        try {
            if (Files.size(path) > 64L * 1024 * 1024) {
                throw new EgateCommand.UsageException(path + " is larger than 64 MB: not a face image");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new EgateCommand.UsageException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
