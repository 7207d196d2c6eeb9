package org.openegate.crypto.testpassport;

import org.openegate.crypto.lds.LdsFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A synthetic passport made by {@link TestPassportFactory}: its LDS files, the MRZ lines printed on it, and the
 * certificates it chains to. {@link #toString()} shows file identifiers and sizes only (the files hold an MRZ and
 * a face).
 *
 * @param files          file identifier (0x011E COM, 0x0101 DG1, 0x0102 DG2, 0x011D SOD, ...) -> file content
 * @param mrzLines       the MRZ lines, as printed
 * @param csca           the CSCA certificate the Document Signer chains to
 * @param documentSigner the Document Signer certificate (also embedded in the SOD)
 */
public record TestPassport(Map<Integer, byte[]> files, List<String> mrzLines, X509Certificate csca,
                           X509Certificate documentSigner) {

    public TestPassport {
        SortedMap<Integer, byte[]> copy = new TreeMap<>();
        files.forEach((id, content) -> copy.put(id, content.clone()));
        files = Collections.unmodifiableSortedMap(copy);
        mrzLines = List.copyOf(mrzLines);
    }

    /** A copy of the content of one file; throws if the passport lacks it. */
    public byte[] file(LdsFile file) {
        byte[] content = files.get(file.fileId());
        if (content == null) {
            throw new IllegalArgumentException("test passport has no " + file);
        }
        return content.clone();
    }

    /** Data group number -> content, for Passive Authentication. */
    public Map<Integer, byte[]> dataGroups() {
        SortedMap<Integer, byte[]> groups = new TreeMap<>();
        files.forEach((id, content) -> LdsFile.fromFileId(id).filter(LdsFile::isDataGroup)
                .ifPresent(f -> groups.put(f.dataGroupNumber(), content.clone())));
        return groups;
    }

    public byte[] sod() {
        return file(LdsFile.SOD);
    }

    /**
     * Writes the passport as CLI.md's {@code passport make} lays it out: one file per LDS file, named for it
     * ({@code EF_COM.bin}, {@code DG1.bin}, {@code EF_SOD.bin}), {@code mrz.txt}, and {@code pki/csca.pem}.
     */
    public void writeTo(Path directory) throws IOException {
        Files.createDirectories(directory.resolve("pki"));
        for (Map.Entry<Integer, byte[]> entry : files.entrySet()) {
            LdsFile file = LdsFile.fromFileId(entry.getKey()).orElseThrow();
            String name = file.isDataGroup() ? file.name() + ".bin" : "EF_" + file.name() + ".bin";
            Files.write(directory.resolve(name), entry.getValue());
        }
        Files.writeString(directory.resolve("mrz.txt"), String.join("\n", mrzLines) + "\n", StandardCharsets.US_ASCII);
        Files.writeString(directory.resolve("pki").resolve(CscaCredentials.CERTIFICATE_FILE),
                CscaCredentials.pem(csca), StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("TestPassport[files={");
        String sep = "";
        for (Map.Entry<Integer, byte[]> entry : files.entrySet()) {
            out.append(sep).append(LdsFile.fromFileId(entry.getKey()).map(Enum::name).orElse("?"))
                    .append('=').append(entry.getValue().length).append(" bytes");
            sep = ", ";
        }
        return out.append("}, mrz=<redacted>, csca=").append(csca.getSubjectX500Principal().getName()).append(']')
                .toString();
    }
}
