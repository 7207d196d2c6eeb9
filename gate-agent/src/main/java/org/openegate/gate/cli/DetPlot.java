package org.openegate.gate.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.openegate.biometrics.DetCurve;

/**
 * Draws a DET curve (FNMR against FMR, both on log axes from 1e-4 to 1) as a PNG, with the FMR 1e-3 operating
 * point and the EER marked: the picture an evaluator checks first.
 */
final class DetPlot {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 640;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    private static final double MIN_RATE = 1e-4;

    private DetPlot() {
    }

    static void write(DetCurve curve, Path file, String subtitle) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            drawGrid(g);
            g.setColor(new Color(0x1f, 0x5f, 0xbf));
            g.setStroke(new BasicStroke(2.2f));
            Path2D line = new Path2D.Double();
            boolean started = false;
            for (DetCurve.Point point : curve.points()) {
                double x = x(point.fmr());
                double y = y(point.fnmr());
                if (!started) {
                    line.moveTo(x, y);
                    started = true;
                } else {
                    line.lineTo(x, y);
                }
            }
            g.draw(line);
            mark(g, x(1e-3), y(curve.fnmrAtFmr(1e-3)), new Color(0xc0, 0x30, 0x30),
                    String.format(Locale.ROOT, "FMR 0.1%%: FNMR %.2f%%", 100 * curve.fnmrAtFmr(1e-3)));
            DetCurve.Point eer = curve.eerPoint();
            mark(g, x(eer.fmr()), y(eer.fnmr()), new Color(0x20, 0x90, 0x40),
                    String.format(Locale.ROOT, "EER %.2f%%", 100 * curve.eer()));
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString("DET curve", LEFT, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(subtitle, LEFT, 48);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void drawGrid(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double rate = MIN_RATE; rate <= 1.0001; rate *= 10) {
            g.setColor(new Color(0xdd, 0xdd, 0xdd));
            g.drawLine((int) x(rate), TOP, (int) x(rate), HEIGHT - BOTTOM);
            g.drawLine(LEFT, (int) y(rate), WIDTH - RIGHT, (int) y(rate));
            g.setColor(Color.DARK_GRAY);
            String label = percent(rate);
            g.drawString(label, (int) x(rate) - 14, HEIGHT - BOTTOM + 18);
            g.drawString(label, LEFT - 50, (int) y(rate) + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        g.drawString("False Match Rate (impostors accepted)", WIDTH / 2 - 110, HEIGHT - 25);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString("False Non-Match Rate (genuine rejected)", -HEIGHT / 2 - 110, 25);
        rotated.dispose();
    }

    private static void mark(Graphics2D g, double x, double y, Color color, String label) {
        g.setColor(color);
        g.fillOval((int) x - 5, (int) y - 5, 10, 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(label, (int) x + 9, (int) y - 8);
    }

    private static String percent(double rate) {
        return rate >= 0.01 ? String.format(Locale.ROOT, "%.0f%%", 100 * rate)
                : String.format(Locale.ROOT, "%s%%", Double.toString(100 * rate).replaceAll("0+$", ""));
    }

    private static double x(double fmr) {
        return LEFT + scale(fmr) * (WIDTH - LEFT - RIGHT);
    }

    private static double y(double fnmr) {
        return HEIGHT - BOTTOM - scale(fnmr) * (HEIGHT - TOP - BOTTOM);
    }

    /** log10 position in [0, 1] between 1e-4 and 1; zero rates sit on the axis. */
    private static double scale(double rate) {
        double clamped = Math.max(MIN_RATE, Math.min(1.0, rate));
        return (Math.log10(clamped) - Math.log10(MIN_RATE)) / -Math.log10(MIN_RATE);
    }
}
