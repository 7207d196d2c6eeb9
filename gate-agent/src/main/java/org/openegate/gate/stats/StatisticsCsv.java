package org.openegate.gate.stats;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Suppressed statistics as CSV (RFC 4180, UTF-8, CRLF): one row per published cell, and per period one row whose
 * dimension columns say {@code SUPPRESSED} with the count of crossings in cells under k, so the counts of a period
 * add up to its total. Values are codes from fixed alphabets, so no field needs quoting.
 */
public final class StatisticsCsv {

    /** Header of the cell file. */
    public static final String HEADER;

    static {
        StringBuilder h = new StringBuilder("periodStart,periodEnd");
        for (Dimension d : Dimension.values()) {
            h.append(',').append(d.field());
        }
        HEADER = h.append(",count").toString();
    }

    private StatisticsCsv() {
    }

    public static void write(List<PeriodStatistics> periods, Writer out) throws IOException {
        out.write(HEADER + "\r\n");
        for (PeriodStatistics p : periods) {
            String period = p.start() + "," + p.end();
            for (Cell cell : p.cells()) {
                out.write(period + "," + String.join(",", cell.values()) + "," + cell.count() + "\r\n");
            }
            if (p.suppressed() > 0) {
                out.write(period + ",SUPPRESSED".repeat(Dimension.values().length) + "," + p.suppressed() + "\r\n");
            }
        }
        out.flush();
    }
}
