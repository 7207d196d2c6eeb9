package org.openegate.gate.flow;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.openegate.biometrics.FaceAnalysis;
import org.openegate.biometrics.FaceEngine;
import org.openegate.biometrics.InferenceBackend;
import org.openegate.biometrics.MultipleFaces;

/**
 * The gate's two face engines: one for the live capture, with presentation-attack detection, and one for the chip
 * portrait, without it, each on its own thread so the portrait is analysed while Passive Authentication runs and
 * the camera's frame is analysed.
 *
 * <p>Why two engines: PAD (ISO/IEC 30107) judges whether a live capture comes from a living person in front of
 * the camera; the chip portrait is a stored enrolment image whose authenticity Passive Authentication proves, so
 * a liveness score of it means nothing and costs one network run per crossing. The engine's liveness switch is
 * per engine ({@link FaceEngine.Options#liveness()}), hence a second one; each holds its own models, so the two
 * analyses run in parallel instead of queueing for one worker.
 *
 * <p>Personal data: the portrait bytes and analyses pass through here only; nothing is logged.
 */
public final class FaceEngines implements AutoCloseable {

    private final FaceEngine live;
    private final FaceEngine portrait;
    private final boolean owned;
    private final ExecutorService portraitThread;

    private FaceEngines(FaceEngine live, FaceEngine portrait, boolean owned) {
        this.live = live;
        this.portrait = portrait;
        this.owned = owned;
        // Only a separate portrait engine gains from a thread of its own (see sharing()).
        this.portraitThread = live == portrait ? null : Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "egate-portrait");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The system property that picks the inference backend of both engines for a measurement run
     * ({@code -Degate.faceBackend=ONNX_RUNTIME}, docs/gate-bench.md); unset, {@link FaceEngine#DEFAULT_BACKEND}.
     */
    public static final String BACKEND_PROPERTY = "egate.faceBackend";

    /**
     * Loads both engines, in parallel (each loads four models; start-up waits for the slower one only), on the
     * backend {@value #BACKEND_PROPERTY} names, else the default. Closing the result closes both.
     *
     * @throws IllegalStateException if {@value #BACKEND_PROPERTY} names no {@link InferenceBackend}
     */
    public static FaceEngines load() {
        return load(backend(System.getProperty(BACKEND_PROPERTY)));
    }

    /** As {@link #load()} on the given backend (ONNX Runtime's sessions and arenas differ from OpenCV DNN's). */
    public static FaceEngines load(InferenceBackend backend) {
        FaceEngine.Options options = FaceEngine.Options.defaults().withBackend(backend);
        CompletableFuture<FaceEngine> portrait = CompletableFuture.supplyAsync(
                () -> FaceEngine.load(options.withLiveness(false)), runnable -> {
                    // Its own thread: on 2 CPUs the common pool would run it after, not beside, the live engine.
                    Thread thread = new Thread(runnable, "egate-load-portrait-models");
                    thread.setDaemon(true);
                    thread.start();
                });
        FaceEngine live;
        try {
            live = FaceEngine.load(options);
        } catch (RuntimeException | Error e) {
            portrait.thenAccept(FaceEngine::close);
            throw e;
        }
        try {
            return new FaceEngines(live, portrait.join(), true);
        } catch (CompletionException e) {
            live.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** The backend a {@value #BACKEND_PROPERTY} value names; null or blank is the default. */
    static InferenceBackend backend(String name) {
        if (name == null || name.isBlank()) {
            return FaceEngine.DEFAULT_BACKEND;
        }
        try {
            return InferenceBackend.valueOf(name.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(BACKEND_PROPERTY + " is '" + name + "', expected one of "
                    + java.util.Arrays.toString(InferenceBackend.values()));
        }
    }

    /**
     * Both roles played by one engine the caller owns (and closes): the portrait is analysed on the caller's
     * thread when the pipeline asks for it, one analysis after the other as before this class, and it gets a
     * liveness score nobody reads. For tests and tools that hold one engine already.
     */
    public static FaceEngines sharing(FaceEngine engine) {
        Objects.requireNonNull(engine, "engine");
        return new FaceEngines(engine, engine, false);
    }

    /** The engine for live captures: detection, landmarks, embedding and PAD. */
    public FaceEngine live() {
        return live;
    }

    /** The engine for chip portraits: no PAD. */
    public FaceEngine portrait() {
        return portrait;
    }

    /** Starts analysing a portrait on the portrait thread; the future fails with the engine's FaceException. */
    Future<FaceAnalysis> analysePortrait(byte[] image) {
        // A still: a bystander in the issuer's photo does not change whose portrait it is (the second-person rule
        // is the live frame's, which stays REFUSE).
        FutureTask<FaceAnalysis> task = new FutureTask<>(() -> portrait.analyse(image, MultipleFaces.DOMINANT));
        if (portraitThread != null) {
            portraitThread.execute(task);
        }
        return task; // shared engine: runs in await(), on the caller's thread
    }

    /** The portrait's analysis; a FaceException (or any RuntimeException) of the analysis is rethrown as is. */
    static FaceAnalysis await(Future<FaceAnalysis> analysis) {
        if (analysis instanceof FutureTask<FaceAnalysis> task) {
            task.run(); // a no-op once the portrait thread has started it
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return analysis.get();
                } catch (InterruptedException e) {
                    // The portrait is seconds at most away; finish it so the engine is not left mid-call.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("portrait analysis failed: " + e.getCause(), e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the portrait thread and, when loaded by {@link #load()}, closes both engines. Idempotent. */
    @Override
    public void close() {
        if (portraitThread != null) {
            portraitThread.shutdown();
        }
        if (owned) {
            live.close();
            portrait.close();
        }
    }

    @Override
    public String toString() {
        return "FaceEngines[live=" + live + ", portrait=" + portrait + "]";
    }
}
