package org.openegate.gate.stats;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.TexturePaint;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The analyst's picture of suppressed statistics, drawn with Java2D (no charting library on the gate): crossings per
 * period stacked by outcome, the referral reasons over the whole range, and the processing-time histogram. Every
 * count drawn is a published one; suppressed crossings are drawn as their own hatched grey part, so the bars still
 * add up to the totals and the picture says how much is hidden.
 */
public final class StatisticsChart {

    static final int WIDTH = 1400;
    static final int HEIGHT = 1000;

    private static final Color OPEN = new Color(0x2E7D32);
    private static final Color REFER = new Color(0xF9A825);
    private static final Color REJECT = new Color(0xC62828);
    private static final Color UNKNOWN = new Color(0x6A1B9A);
    private static final Color BAR = new Color(0x1565C0);
    private static final Color GRID = new Color(0xE0E0E0);
    private static final Color INK = new Color(0x212121);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private StatisticsChart() {
    }

    /** Writes the chart of {@code periods} (non-empty, oldest first) as a PNG. */
    public static void write(List<PeriodStatistics> periods, Granularity granularity, String gate, Path png)
            throws IOException {
        if (!ImageIO.write(draw(periods, granularity, gate), "png", png.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
    }

    static BufferedImage draw(List<PeriodStatistics> periods, Granularity granularity, String gate) {
        if (periods.isEmpty()) {
            throw new IllegalArgumentException("no periods to draw");
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int k = periods.get(0).k();
            int total = periods.stream().mapToInt(PeriodStatistics::total).sum();
            int suppressed = periods.stream().mapToInt(PeriodStatistics::suppressed).sum();
            DateTimeFormatter f = granularity == Granularity.HOUR ? HOUR : DAY;
            g.setColor(INK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
            g.drawString("Crossings at gate " + gate + ", " + f.format(periods.get(0).start()) + " to "
                    + f.format(periods.get(periods.size() - 1).end()) + " UTC", 40, 38);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
            g.drawString(String.format("%d crossings in %d %s periods. Cells with fewer than k = %d crossings are"
                    + " suppressed: %d crossings (%.1f%%), drawn hatched grey.", total, periods.size(),
                    granularity.name().toLowerCase(java.util.Locale.ROOT), k, suppressed,
                    total == 0 ? 0.0 : 100.0 * suppressed / total), 40, 62);

            outcomes(g, periods, f, new Rectangle2D.Double(90, 110, WIDTH - 330, 390));
            reasons(g, periods, new Rectangle2D.Double(250, 650, 420, 290));
            histogram(g, periods, new Rectangle2D.Double(800, 650, 560, 290));
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void outcomes(Graphics2D g, List<PeriodStatistics> periods, DateTimeFormatter f,
            Rectangle2D area) {
        Map<String, Color> colours = new LinkedHashMap<>();
        colours.put("OPEN_EXIT", OPEN);
        colours.put("REFER", REFER);
        colours.put("REJECT", REJECT);
        colours.put(Aggregator.UNKNOWN, UNKNOWN);
        int max = periods.stream().mapToInt(PeriodStatistics::total).max().orElse(0);
        double top = niceCeiling(max);
        axes(g, area, top, "Crossings per " + (f == HOUR ? "hour" : "day") + " by outcome", "crossings",
                "period start (UTC)");
        double slot = area.getWidth() / periods.size();
        double barWidth = Math.max(1, Math.min(80, slot * 0.8));
        int labelEvery = (int) Math.ceil(periods.size() / (area.getWidth() / 90));
        for (int i = 0; i < periods.size(); i++) {
            PeriodStatistics p = periods.get(i);
            Map<String, Integer> byOutcome = p.totals().get(Dimension.OUTCOME);
            double x = area.getX() + i * slot + (slot - barWidth) / 2;
            double y = area.getMaxY();
            for (Map.Entry<String, Color> e : colours.entrySet()) {
                int n = byOutcome.getOrDefault(e.getKey(), 0);
                double h = n / top * area.getHeight();
                g.setColor(e.getValue());
                g.fill(new Rectangle2D.Double(x, y - h, barWidth, h));
                y -= h;
            }
            double h = p.suppressed() / top * area.getHeight();
            g.setPaint(hatch());
            g.fill(new Rectangle2D.Double(x, y - h, barWidth, h));
            if (i % labelEvery == 0) {
                g.setColor(INK);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                String label = f.format(p.start());
                AffineTransform saved = g.getTransform();
                g.rotate(-Math.PI / 6, x + barWidth / 2, area.getMaxY() + 14);
                g.drawString(label, (float) (x + barWidth / 2 - g.getFontMetrics().stringWidth(label)),
                        (float) area.getMaxY() + 18);
                g.setTransform(saved);
            }
        }
        // Legend, right of the plot.
        int lx = (int) area.getMaxX() + 30;
        int ly = (int) area.getY() + 10;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        for (Map.Entry<String, Color> e : colours.entrySet()) {
            g.setColor(e.getValue());
            g.fillRect(lx, ly, 18, 18);
            g.setColor(INK);
            g.drawString(e.getKey(), lx + 26, ly + 14);
            ly += 28;
        }
        g.setPaint(hatch());
        g.fillRect(lx, ly, 18, 18);
        g.setColor(INK);
        g.drawString("suppressed (< k)", lx + 26, ly + 14);
    }

    private static void reasons(Graphics2D g, List<PeriodStatistics> periods, Rectangle2D area) {
        Map<String, Integer> sums = new LinkedHashMap<>();
        int suppressed = 0;
        for (PeriodStatistics p : periods) {
            p.totals().get(Dimension.REFERRAL_REASON).forEach((reason, n) -> {
                if (!reason.equals("NONE")) {
                    sums.merge(reason, n, Integer::sum);
                }
            });
            suppressed += p.suppressed();
        }
        List<Map.Entry<String, Integer>> rows = new ArrayList<>(sums.entrySet());
        rows.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        boolean nonePublished = rows.isEmpty();
        rows.add(Map.entry("suppressed (any outcome)", suppressed));
        int max = rows.stream().mapToInt(Map.Entry::getValue).max().orElse(0);
        double right = niceCeiling(max);
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Referral and rejection reasons (first reason), all periods", (int) area.getX() - 160,
                (int) area.getY() - 14);
        double rowHeight = Math.min(34, area.getHeight() / Math.max(1, rows.size()));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < rows.size(); i++) {
            Map.Entry<String, Integer> row = rows.get(i);
            double y = area.getY() + i * rowHeight;
            double w = row.getValue() / right * area.getWidth();
            boolean hidden = i == rows.size() - 1;
            if (hidden) {
                g.setPaint(hatch());
            } else {
                g.setColor(BAR);
            }
            g.fill(new Rectangle2D.Double(area.getX(), y + 4, w, rowHeight - 8));
            g.setColor(INK);
            g.drawString(row.getKey(), (float) (area.getX() - 8 - fm.stringWidth(row.getKey())),
                    (float) (y + rowHeight / 2 + 4));
            g.drawString(String.valueOf(row.getValue()), (float) (area.getX() + w + 6), (float) (y + rowHeight / 2 + 4));
        }
        g.drawLine((int) area.getX(), (int) area.getY(), (int) area.getX(), (int) (area.getY() + rows.size() * rowHeight));
        g.drawString("crossings", (int) area.getCenterX() - 25, (int) (area.getY() + rows.size() * rowHeight + 20));
        if (nonePublished) {
            g.drawString("No reason reached k crossings in any one period.", (int) area.getX() - 160,
                    (int) (area.getY() + rows.size() * rowHeight + 50));
            g.drawString("Longer periods (egate stats --period day) publish more.", (int) area.getX() - 160,
                    (int) (area.getY() + rows.size() * rowHeight + 70));
        }
    }

    private static void histogram(Graphics2D g, List<PeriodStatistics> periods, Rectangle2D area) {
        List<Long> edges = ProcessingTimes.BIN_EDGES_MS;
        int[] counts = new int[edges.size() + 1];
        int suppressed = 0;
        for (PeriodStatistics p : periods) {
            for (ProcessingTimes.Bin bin : p.processing().histogram()) {
                int index = bin.toMs() < 0 ? edges.size() : edges.indexOf(bin.toMs());
                counts[index] += bin.count();
            }
            suppressed += p.processing().suppressed();
        }
        int max = Math.max(suppressed, java.util.Arrays.stream(counts).max().orElse(0));
        double top = niceCeiling(max);
        axes(g, area, top, "Processing time, entry to decision, all periods", "crossings", "seconds");
        int bars = counts.length + 1;
        double slot = area.getWidth() / bars;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < bars; i++) {
            boolean hidden = i == counts.length;
            int n = hidden ? suppressed : counts[i];
            double h = n / top * area.getHeight();
            double x = area.getX() + i * slot + slot * 0.1;
            if (hidden) {
                g.setPaint(hatch());
            } else {
                g.setColor(BAR);
            }
            g.fill(new Rectangle2D.Double(x, area.getMaxY() - h, slot * 0.8, h));
            String label = hidden ? "supp." : i == counts.length - 1 ? ">" + seconds(edges.get(i - 1))
                    : "<" + seconds(edges.get(i));
            g.setColor(INK);
            g.drawString(label, (float) (x + slot * 0.4 - fm.stringWidth(label) / 2.0), (float) area.getMaxY() + 16);
        }
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0);
    }

    /** Frame, horizontal grid with labelled ticks, title and axis names. */
    private static void axes(Graphics2D g, Rectangle2D area, double top, String title, String yName, String xName) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int t = 0; t <= 5; t++) {
            double value = top * t / 5;
            double y = area.getMaxY() - area.getHeight() * t / 5;
            g.setColor(GRID);
            g.drawLine((int) area.getX(), (int) y, (int) area.getMaxX(), (int) y);
            g.setColor(INK);
            String label = value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.1f", value);
            g.drawString(label, (float) (area.getX() - 8 - fm.stringWidth(label)), (float) y + 4);
        }
        g.setColor(INK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawLine((int) area.getX(), (int) area.getY(), (int) area.getX(), (int) area.getMaxY());
        g.drawLine((int) area.getX(), (int) area.getMaxY(), (int) area.getMaxX(), (int) area.getMaxY());
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, (int) area.getX(), (int) area.getY() - 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(xName, (float) (area.getCenterX() - g.getFontMetrics().stringWidth(xName) / 2.0),
                (float) area.getMaxY() + (xName.startsWith("period") ? 72 : 36));
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yName, (float) -(area.getCenterY() + g.getFontMetrics().stringWidth(yName) / 2.0),
                (float) area.getX() - 48);
        g.setTransform(saved);
    }

    /** A round axis top: 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten, at least {@code max} and 5. */
    static double niceCeiling(int max) {
        if (max <= 5) {
            return 5;
        }
        double power = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * power >= max) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static TexturePaint hatch() {
        BufferedImage tile = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D t = tile.createGraphics();
        t.setColor(new Color(0xBDBDBD));
        t.fillRect(0, 0, 8, 8);
        t.setColor(new Color(0x757575));
        t.drawLine(0, 7, 7, 0);
        t.dispose();
        return new TexturePaint(tile, new Rectangle2D.Double(0, 0, 8, 8));
    }
}
