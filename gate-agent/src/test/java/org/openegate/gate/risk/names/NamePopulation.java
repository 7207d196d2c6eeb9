package org.openegate.gate.risk.names;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A seeded synthetic population of people with realistic multi-cultural names, for the screening evaluation.
 * The name parts are generic common names written for this project (no published name list is copied), plus
 * syllable-built rarer names so that a million people are not a few thousand names repeated. Common parts are
 * drawn with a Zipf-like skew, as real name frequencies are, which is what makes false alerts on common names
 * a real risk in the evaluation.
 *
 * <p>Each person keeps the name as its issuer writes it (Latin with diacritics, or Cyrillic), with surname
 * parts and given-name parts separate.
 */
final class NamePopulation {

    /** One culture: its common name parts, syllables for rarer ones, name shape, and nationalities. */
    record Culture(String name, String[] surnames, String[] male, String[] female, String[] stems,
                   String[] endings, String[] nationalities, Shape shape) {
    }

    enum Shape {
        /** Surname + one or two given names (Europe, Americas in English). */
        WESTERN,
        /** Given names + two surnames (paternal, maternal). */
        SPANISH,
        /** Given + father's given + family name, family name sometimes with AL-. */
        ARABIC,
        /** Surname + given + patronymic, in Cyrillic. */
        EAST_SLAVIC,
        /** Surname + syllable-built given name. */
        CHINESE,
        /** Surname + middle + given. */
        VIETNAMESE
    }

    record Person(String surname, String givenNames, DateOfBirth dob, String nationality, int culture, Sex sex) {
    }

    private static String[] w(String s) {
        return s.trim().split("\\s+");
    }

    static final List<Culture> CULTURES = List.of(
            new Culture("german",
                    w("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer"
                            + " Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann"
                            + " Lange Schmitt Werner Krause Meier Lehmann Köhler Günther Jäger Groß Weiß Böhm Förster"),
                    w("Hans Jürgen Peter Klaus Michael Thomas Andreas Stefan Wolfgang Uwe Günter Jörg Matthias"
                            + " Lukas Jonas Maximilian Felix Tobias Florian Dieter Horst Rüdiger Benedikt"),
                    w("Anna Maria Ursula Monika Petra Sabine Claudia Katharina Jana Lena Sophie Hannah Käthe"
                            + " Jutta Renate Brigitte Gisela Helga Jülide Franziska Bärbel"),
                    w("Berg Stein Wald Hof Rot Schön Grün Kirch Linden Buch Eich Hasel Brunn Frei Lieb Mohr Sonnen"
                            + " Rosen Feld Haus Lauter Götz Tann Kessel Wein"),
                    w("mann er berger hardt bach feld hauser meier müller thal ner ling inger hofer bauer stätter"),
                    w("DEU DEU DEU AUT CHE"), Shape.WESTERN),
            new Culture("nordic",
                    w("Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson"
                            + " Hansen Johansen Olsen Larsen Jørgensen Sørensen Nielsen Kristiansen Lindström"
                            + " Bergström Åberg Söderberg Østergaard Møller Virtanen Korhonen Mäkinen Nieminen"
                            + " Hämäläinen Laine"),
                    w("Erik Lars Karl Anders Björn Sven Nils Johan Mikael Per Søren Jørgen Ole Matti Jussi Øyvind"
                            + " Håkan Åke Mikko"),
                    w("Åsa Anna Maja Ingrid Astrid Sigrid Märta Kerstin Birgitta Linnéa Päivi Solveig Kaija"),
                    w("Lind Berg Sjö Ek Holm Dahl Sand Ny Lund Strand Öst Väst Norr Skog Fager Hög Mal"),
                    w("ström berg gren qvist lund dahl man sson holm blad sen gaard"),
                    w("SWE NOR DNK FIN"), Shape.WESTERN),
            new Culture("eastslavic",
                    w("Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов"
                            + " Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев"
                            + " Макаров Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Шевченко Коваленко"
                            + " Бондаренко Ткаченко Кравченко Мельник Щербаков Юсупов Хабибуллин Цой"),
                    w("Александр Сергей Дмитрий Андрей Алексей Максим Евгений Иван Михаил Николай Юрий Владимир"
                            + " Игорь Олег Виктор Павел Артём Илья Кирилл Тимофей Григорий Фёдор Вячеслав Ярослав"
                            + " Богдан"),
                    w("Елена Ольга Наталья Татьяна Ирина Светлана Анна Мария Юлия Екатерина Анастасия Дарья Ксения"
                            + " Людмила Галина Валентина Софья Яна"),
                    w("Бел Чер Сух Кол Гор Зим Лес Мед Рыб Мал Крас Бог Жук Гуд Хлеб Щег Яст Журав Сорок Дуб Ков"
                            + " Шум Цвет Хом"),
                    w("ов ев ин ский енко ук чук ников"),
                    w("RUS RUS UKR BLR KAZ"), Shape.EAST_SLAVIC),
            new Culture("arabic",
                    w("Al-Masri Al-Sayed Haddad Khalil Nasser Saleh Hamdan Al-Amin Mansour Suleiman Abbas Qasim"
                            + " Al-Hashimi Darwish Farouk Ghanem Hijazi Jaber Karam Othman Rahman Shaheen Zaki Bakr"
                            + " Al-Tamimi Al-Qahtani Al-Harbi Al-Zahrani Barakat Awad"),
                    w("Mohammed Ahmed Ali Omar Hassan Hussein Khaled Mahmoud Youssef Ibrahim Abdullah Mustafa"
                            + " Tariq Karim Samir Walid Nabil Faisal Hamza Bilal Jamal Said Rashid Salim Yasser Ziad"
                            + " Anwar"),
                    w("Fatima Aisha Mariam Zainab Khadija Layla Noor Huda Amina Salma Rania Dalia Yasmin Samira"
                            + " Hanan"),
                    w("Abd Mans Kham Nas Sal Ham Jab Kar Rash Shar Far Qad Zah Wah Bad Dah Jam Nab"),
                    w("ir our eem adi awi ani ari oun id ah"),
                    w("EGY SAU IRQ SYR MAR JOR DZA SDN"), Shape.ARABIC),
            new Culture("spanish",
                    w("García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz"
                            + " Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez"
                            + " Vázquez Ramos Gil Ramírez Serrano Blanco Suárez Castillo Ortega Rubio Núñez Ibáñez"
                            + " Peña Cruz Flores Reyes Morales"),
                    w("José Juan Antonio Manuel Francisco Javier Carlos Luis Miguel Jesús Alejandro Pedro Pablo"
                            + " Sergio Jorge Alberto Raúl Andrés Íñigo"),
                    w("María Carmen Ana Isabel Laura Cristina Marta Lucía Elena Rosa Pilar Sofía Paula Inés Begoña"),
                    w("Bel Cal Esc Gal Lar Men Oli Pad Quin Sal Tej Val Zam Ech Ur Arr Bar Cab"),
                    w("ado ero ina ón illa ares eda iño uela ante ejo"),
                    w("ESP MEX COL ARG PER"), Shape.SPANISH),
            new Culture("chinese",
                    w("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo Zheng"
                            + " Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu"
                            + " Du"),
                    w("wei qiang lei jun yong jie tao ming chao gang bo long jian dong hai zhi"),
                    w("fang min jing li yan xiu ying hua hui ping xin yu hong lin fei mei na qing rui shan"),
                    w("Qiu Shi Lu Ren Jin Wei Bai Kong Fu Yao Fan Qin"),
                    w(""),
                    w("CHN CHN CHN TWN SGP"), Shape.CHINESE),
            new Culture("turkish",
                    w("Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç"
                            + " Aslan Çetin Kara Koç Kurt Özkan Şimşek Polat Erdoğan Güneş Aktaş"),
                    w("Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim İsmail Osman Yusuf Murat Ömer Ramazan Halil"
                            + " Süleyman Emre Burak"),
                    w("Fatma Ayşe Emine Hatice Zeynep Elif Meryem Şerife Zehra Sultan Hülya Gülşen Özlem"),
                    w("Ak Kar Öz Gök Demir Er Tek Ay Bal Çak Yücel Tun"),
                    w("soy han türk can oğlu kan taş el bay"),
                    w("TUR"), Shape.WESTERN),
            new Culture("westslavic",
                    w("Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański"
                            + " Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski"
                            + " Grabowski Pawłowski Michalski Król Wieczorek Jabłoński Dvořák Novák Svoboda Novotný"
                            + " Černý Procházka Kučera Veselý Horák Němec"),
                    w("Piotr Krzysztof Andrzej Tomasz Paweł Michał Marcin Jakub Łukasz Grzegorz Wojciech Jiří"
                            + " Jan Petr Josef"),
                    w("Anna Katarzyna Małgorzata Agnieszka Barbara Ewa Magdalena Joanna Zofia Jana Lenka Věra"
                            + " Zuzana"),
                    w("Kowal Nowa Wiśni Zieli Sobie Kraw Gór Leś Brzo Czar Dąb Mał Przy Szcz Wrzos Ryb"),
                    w("ski cki ak ek czyk iewicz owski ński"),
                    w("POL POL CZE SVK"), Shape.WESTERN),
            new Culture("french",
                    w("Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent"
                            + " Lefèbvre Michel David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre"
                            + " Mercier Dupont Lambert Bonnet François Legrand Gauthier Chevalier Rousseau Blanc"
                            + " Guérin Boyer Faure"),
                    w("Jean Pierre Michel Philippe Alain Nicolas François Christophe Stéphane Frédéric Sébastien"
                            + " Jérôme Éric Laurent Jean-Pierre Jean-Luc"),
                    w("Marie Nathalie Isabelle Sylvie Catherine Françoise Hélène Élodie Céline Aurélie Chloé Léa"
                            + " Zoé Noémie Marie-Claire"),
                    w("Beau Bois Cham Font Gar Mont Ri Roch Val Ver Bel Cour"),
                    w("champ lieu mont court ville vert ard ier ot eau"),
                    w("FRA FRA BEL CAN"), Shape.WESTERN),
            new Culture("southasian",
                    w("Singh Kumar Sharma Patel Shah Khan Gupta Verma Reddy Rao Das Iyer Nair Mehta Joshi"
                            + " Chowdhury Hossain Rahman Ahmed Malik Qureshi Siddiqui Perera Fernando Silva"
                            + " Mukherjee Banerjee Chatterjee Agarwal Bhat"),
                    w("Rahul Amit Vijay Sanjay Rajesh Suresh Ramesh Arjun Anil Sunil Deepak Imran Asif Vikram"
                            + " Harpreet Gurpreet"),
                    w("Priya Anjali Pooja Sunita Kavita Neha Divya Lakshmi Ayesha Sadia Nusrat Shabnam"),
                    w("Ra Su Vi Ma Ka Pa Shan Dev Har Pra Nar Sri Bal"),
                    w("jan deep nath kar wal preet endra esh ita av"),
                    w("IND IND PAK BGD LKA"), Shape.WESTERN),
            new Culture("westafrican",
                    w("Okafor Adeyemi Okonkwo Mensah Boateng Owusu Diallo Ndiaye Traoré Keita Touré Cissé Nwosu"
                            + " Eze Obi Abubakar Bello Danjuma Asante Appiah Osei Agyeman Balogun Ogunleye Adebayo"
                            + " Fofana Camara Sow Mbaye"),
                    w("Chinedu Emeka Oluwaseun Ayodele Kwame Kofi Kwabena Yaw Mamadou Moussa Ibrahima Ousmane"
                            + " Oumar Babajide Tunde Musa"),
                    w("Ngozi Chiamaka Ama Abena Akosua Adwoa Aminata Fatou Awa Folake Bukola Hauwa"),
                    w("Ba Ko Ade Olu Nwa Chi Ama Ese Ofo Aku Ogu Eme Oke Ife"),
                    w("bayo femi ke nna du mi lola wale tunde oma ebi ka"),
                    w("NGA NGA GHA SEN CIV CMR"), Shape.WESTERN),
            new Culture("vietnamese",
                    w("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý"),
                    w("Anh Bình Dũng Hải Hiếu Hùng Khánh Long Nam Phúc Quân Quang Sơn Thắng Trung Tuấn Việt"),
                    w("Châu Hà Hạnh Hoa Hương Lan Linh Mai Nga Phương Tâm Thảo Trang Xuân Yến"),
                    w("Văn Đức Minh Thanh Ngọc Quốc Hữu Thị"),
                    w(""),
                    w("VNM"), Shape.VIETNAMESE),
            new Culture("english",
                    w("Smith Jones Williams Brown Taylor Davies Wilson Evans Johnson Roberts Walker Wright"
                            + " Robinson Thompson White Hughes Edwards Green Hall Wood Harris Lewis Jackson Clarke"
                            + " Turner Hill Scott Cooper Morris Ward Moore King Watson Baker Harrison Morgan Young"
                            + " Allen Mitchell O'Brien O'Connor McDonald MacLeod Murphy Kelly"),
                    w("James John Robert Michael William David Richard Joseph Charles Christopher Daniel Matthew"
                            + " Mark Paul Steven Andrew George Edward Liam Sean"),
                    w("Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Emily Emma"
                            + " Olivia Catherine Katherine Margaret Siobhan Aoife Ciara"),
                    w("Ash Black Brad Church Cran Fair Hart Kings Long Mill Pem Red Rad Shel Stan Thorn Whit"),
                    w("ley ton field ford wood bury well worth by ham ridge shaw"),
                    w("GBR GBR USA USA AUS CAN IRL NZL"), Shape.WESTERN));

    private final SplittableRandom rnd;

    NamePopulation(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    SplittableRandom random() {
        return rnd;
    }

    /** Zipf-like pick: the first entries of a common-name list are much more frequent than the last. */
    private String zipf(String[] a) {
        // Density ~ i^-0.3: the head is more frequent than the tail, but no single name dominates the way a
        // true Zipf law over a 40-name list would (real top surnames hold well under 1 % of a country).
        int i = (int) (a.length * Math.pow(rnd.nextDouble(), 1.3));
        return a[Math.min(a.length - 1, i)];
    }

    private String rare(Culture c) {
        if (c.endings().length == 1 && c.endings()[0].isEmpty()) {
            return zipf(c.stems());
        }
        String stem = c.stems()[rnd.nextInt(c.stems().length)];
        String end = c.endings()[rnd.nextInt(c.endings().length)];
        // A third syllable from another stem makes the rare space large enough for a million people.
        if (rnd.nextInt(3) == 0) {
            String mid = c.stems()[rnd.nextInt(c.stems().length)].toLowerCase(Locale.ROOT);
            return stem + mid + end;
        }
        return stem + end;
    }

    private String surname(Culture c) {
        return rnd.nextInt(100) < 30 ? zipf(c.surnames()) : rare(c);
    }

    /**
     * How given names are drawn (system property {@code names.eval.givenNames}): {@code zipf} (the default and
     * the reported set) or {@code legacy}, the set reported before 2026-11-29 (each culture's ~20 common
     * names per sex, density ~ rank^-0.3, no tail), kept so that before/after numbers can be re-run.
     */
    static final boolean LEGACY_GIVEN = "legacy".equals(System.getProperty("names.eval.givenNames", "zipf"));

    /**
     * Given names per culture and sex follow a Zipf-Mandelbrot law, P(rank r) ~ (r + Q)^-S over K ranks; the
     * culture's common names take the first ranks in the order written, generated names the rest. The
     * parameters give #1 3.7 %, top 10 20.5 %, top 20 29 %, top 100 50 %, top 1000 78 %, and a log-log slope
     * of -1.02 over ranks 10-200. What they are fitted to (docs/name-screening.md, "The evaluation set"):
     * US Social Security card data for the cohorts now travelling (born 1958-1988): the #1 name held
     * 2.7-4.6 % and the top 10 15-30 % of a sex's births, falling with later cohorts (Twenge et al. 2010:
     * 32 % of boys and 22 % of girls got a top-10 name in 1955, under 10 % and 8 % in 2007); the
     * frequency-weighted top-200 lists of Statistics Sweden (1999) and the SSA (1960s-90s) shipped in Debian's
     * python3-fake-factory 0.9.3 fall off with log-log slopes of -0.8 to -1.4 over ranks 10-200; and New
     * Zealand registered some 13,000 distinct given names among about 59,000 births in 2017, so the tail is
     * long. Two people of one culture and sex then share a first given name with probability sum(p^2) =
     * 0.0064, against about 0.06 in the legacy pool: that collision rate, not the names, is what drives
     * namesake false alerts.
     */
    static final double ZIPF_S = 1.1;
    static final double ZIPF_Q = 4;
    static final int ZIPF_K = 10_000;
    private static final double[] ZIPF_CDF = zipfCdf();

    private static double[] zipfCdf() {
        double[] cdf = new double[ZIPF_K];
        double sum = 0;
        for (int r = 1; r <= ZIPF_K; r++) {
            sum += Math.pow(r + ZIPF_Q, -ZIPF_S);
            cdf[r - 1] = sum;
        }
        for (int i = 0; i < ZIPF_K; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    /** Per culture, the ranked given-name pools, [female, male], made on first use (same seed, same pool). */
    private final String[][][] pools = new String[CULTURES.size()][][];

    private String[] pool(int ci, boolean male) {
        if (pools[ci] == null) {
            Culture c = CULTURES.get(ci);
            pools[ci] = new String[][] {rankedPool(c.female(), ci * 2L), rankedPool(c.male(), ci * 2L + 1)};
        }
        return pools[ci][male ? 1 : 0];
    }

    /**
     * The culture's common names in their written order, then distinct generated names in the culture's own
     * letters: the start of one common name, sometimes a middle piece of another, and the end of a third
     * (JÜR + TIN, MOH + IR). Seeded by culture and sex only, so the pool is the same in every run.
     */
    static String[] rankedPool(String[] head, long salt) {
        SplittableRandom r = new SplittableRandom(0x6E616D6573L ^ (salt * 0x9E3779B97F4A7C15L));
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(List.of(head));
        int guard = 0;
        while (names.size() < ZIPF_K && guard++ < ZIPF_K * 50) {
            String a = head[r.nextInt(head.length)];
            String b = head[r.nextInt(head.length)];
            int cut = Math.min(a.length() - 1, 2 + r.nextInt(2));
            int from = Math.max(1, b.length() - 2 - r.nextInt(2));
            String mid = "";
            if (r.nextBoolean()) {
                String m = head[r.nextInt(head.length)];
                int at = Math.min(m.length() - 2, 1 + r.nextInt(2));
                mid = at > 0 ? m.substring(at, at + 2).toLowerCase(Locale.ROOT) : "";
            }
            String name = a.substring(0, cut) + mid + b.substring(from).toLowerCase(Locale.ROOT);
            if (name.length() >= 3 && name.chars().allMatch(Character::isLetter)) {
                names.add(name);
            }
        }
        return names.toArray(new String[0]);
    }

    private String given(int ci, boolean male) {
        Culture c = CULTURES.get(ci);
        if (LEGACY_GIVEN) {
            return zipf(male ? c.male() : c.female());
        }
        String[] pool = pool(ci, male);
        int rank = java.util.Arrays.binarySearch(ZIPF_CDF, rnd.nextDouble());
        rank = rank < 0 ? -rank - 1 : rank;
        return pool[Math.min(rank, pool.length - 1)];
    }

    Person next() {
        int ci = rnd.nextInt(CULTURES.size());
        return next(ci);
    }

    Person next(int ci) {
        Culture c = CULTURES.get(ci);
        boolean male = rnd.nextBoolean();
        String surname;
        String given;
        switch (c.shape()) {
            case SPANISH -> {
                surname = surname(c) + " " + surname(c);
                given = rnd.nextInt(4) == 0 ? given(ci, male) + " " + given(ci, male) : given(ci, male);
            }
            case ARABIC -> {
                String family = rnd.nextInt(100) < 60 ? zipf(c.surnames())
                        : (rnd.nextBoolean() ? "Al-" : "") + rare(c);
                surname = family;
                given = given(ci, male) + " " + given(ci, true);
            }
            case EAST_SLAVIC -> {
                String s = surname(c);
                if (!male && (s.endsWith("ов") || s.endsWith("ев") || s.endsWith("ин") || s.endsWith("ёв"))) {
                    s = s + "а";
                } else if (!male && s.endsWith("ский")) {
                    s = s.substring(0, s.length() - 2) + "ая";
                }
                surname = s;
                given = given(ci, male) + " " + patronymic(given(ci, true), male);
            }
            case CHINESE -> {
                surname = zipf(c.surnames());
                String[] syll = male ? c.male() : c.female();
                String[] any = rnd.nextBoolean() ? c.male() : c.female();
                String a = syll[rnd.nextInt(syll.length)];
                String b = rnd.nextInt(5) == 0 ? "" : any[rnd.nextInt(any.length)];
                String g = a + b;
                given = g.substring(0, 1).toUpperCase(Locale.ROOT) + g.substring(1);
            }
            case VIETNAMESE -> {
                surname = zipf(c.surnames());
                String middle = male ? (rnd.nextBoolean() ? "Văn" : c.stems()[rnd.nextInt(c.stems().length)])
                        : (rnd.nextBoolean() ? "Thị" : c.stems()[rnd.nextInt(c.stems().length)]);
                given = middle + " " + given(ci, male);
            }
            default -> {
                surname = rnd.nextInt(12) == 0 ? surname(c) + "-" + surname(c) : surname(c);
                given = rnd.nextInt(3) == 0 ? given(ci, male) + " " + given(ci, male) : given(ci, male);
            }
        }
        String nat = c.nationalities()[rnd.nextInt(c.nationalities().length)];
        if (rnd.nextInt(20) == 0) {
            nat = CULTURES.get(rnd.nextInt(CULTURES.size())).nationalities()[0]; // naturalised elsewhere
        }
        return new Person(surname, given, birthDate(), nat, ci, male ? Sex.MALE : Sex.FEMALE);
    }

    private static String patronymic(String father, boolean male) {
        String stem = father;
        String suffix;
        if (stem.endsWith("й") || stem.endsWith("ь")) {
            stem = stem.substring(0, stem.length() - 1);
            suffix = male ? "евич" : "евна";
        } else if (stem.endsWith("а") || stem.endsWith("я")) {
            stem = stem.substring(0, stem.length() - 1);
            suffix = male ? "ич" : "ична";
        } else {
            suffix = male ? "ович" : "овна";
        }
        return stem + suffix;
    }

    private DateOfBirth birthDate() {
        int year = 1940 + rnd.nextInt(66);
        int month = 1 + rnd.nextInt(12);
        int day = 1 + rnd.nextInt(28);
        return new DateOfBirth(year, month, day);
    }
}
