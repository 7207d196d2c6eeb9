package org.openegate.gate.risk.names;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The baseline the issue asks for: Apache Lucene with FuzzyQuery, given every advantage we could give it.
 * Names are indexed with all their 9303-3 §6 spellings (our {@link NameNormaliser}, since Lucene has no
 * Cyrillic or ICAO tables), surname and given names in one field so order does not matter. A traveller's
 * name parts become SHOULD FuzzyQuery clauses (edits: 0 up to 2 letters, 1 up to 5, 2 beyond, like
 * Elasticsearch's AUTO), at least 60 % of them must match, and a filter keeps entries born within a year
 * (or with no year). Lucene has no notion of an alert; the best fit is "any hit whose date of birth passes
 * the same rule as ours".
 */
final class LuceneNameBaseline implements AutoCloseable {

    private final ByteBuffersDirectory dir = new ByteBuffersDirectory();
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final int[] dob;

    LuceneNameBaseline(List<ListedPerson> list) throws IOException {
        dob = new int[list.size()];
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new WhitespaceAnalyzer())
                .setRAMBufferSizeMB(64))) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                ListedPerson p = list.get(i);
                sb.setLength(0);
                for (String field : new String[] {p.surname(), p.givenNames()}) {
                    for (NameNormaliser.Token t : NameNormaliser.tokens(field, "name")) {
                        for (String v : t.variants()) {
                            sb.append(v).append(' ');
                        }
                    }
                }
                dob[i] = p.dateOfBirth().packed();
                Document d = new Document();
                d.add(new TextField("name", sb.toString(), Field.Store.NO));
                d.add(new IntPoint("year", p.dateOfBirth().year()));
                d.add(new StoredField("idx", i));
                w.addDocument(d);
            }
            w.forceMerge(1);
        }
        reader = DirectoryReader.open(dir);
        searcher = new IndexSearcher(reader);
    }

    long ramBytes() throws IOException {
        long sum = 0;
        for (String f : dir.listAll()) {
            sum += dir.fileLength(f);
        }
        return sum;
    }

    /** True if Lucene's best hit passes the date-of-birth rule. */
    boolean alert(ScreeningQuery q) throws IOException {
        List<String> parts = new java.util.ArrayList<>();
        for (String field : new String[] {q.surname(), q.givenNames()}) {
            for (NameNormaliser.Token t : NameNormaliser.tokens(field, "name")) {
                parts.add(t.primary());
            }
        }
        BooleanQuery.Builder names = new BooleanQuery.Builder();
        for (String p : parts) {
            int edits = p.length() <= 2 ? 0 : p.length() <= 5 ? 1 : 2;
            names.add(new FuzzyQuery(new Term("name", p), edits), BooleanClause.Occur.SHOULD);
        }
        names.setMinimumNumberShouldMatch((int) Math.ceil(parts.size() * 0.6));
        BooleanQuery.Builder all = new BooleanQuery.Builder().add(names.build(), BooleanClause.Occur.MUST);
        int y = q.dateOfBirth().year();
        if (y != 0) {
            all.add(new BooleanQuery.Builder()
                    .add(IntPoint.newRangeQuery("year", y - 1, y + 1), BooleanClause.Occur.SHOULD)
                    .add(IntPoint.newExactQuery("year", 0), BooleanClause.Occur.SHOULD).build(),
                    BooleanClause.Occur.FILTER);
        }
        TopDocs top = searcher.search(all.build(), 10);
        for (ScoreDoc sd : top.scoreDocs) {
            int idx = searcher.storedFields().document(sd.doc).getField("idx").numericValue().intValue();
            if (DobRule.compare(dob[idx], q.dateOfBirth().packed()) != MatchKind.DOB_MISMATCH) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        reader.close();
        dir.close();
    }
}
