package org.openegate.gate.sim;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes a reproducible stream of travellers from a seed. The first {@code TravellerKind.values().length}
 * travellers cover every kind once, in a seeded order, so even a short run reaches every outcome; after that
 * most travellers are genuine, as at a real border.
 */
public final class ScenarioGenerator {

    private static final String[] SURNAMES = {"ANDERSEN", "BAKKER", "COSTA", "DUBOIS", "EKSTROM", "FERREIRA",
        "GARCIA", "HOLM", "IVANOVA", "JANSEN", "KOWALSKA", "LAMBERT", "MORENO", "NOVAK", "OKAFOR", "PETERS",
        "QUINTERO", "ROSSI", "SATO", "TANAKA", "UMAROV", "VARGA", "WEBER", "XU", "YILMAZ", "ZAHIR"};
    private static final String[] GIVEN = {"ANNA", "BEN", "CLARA", "DAVID", "ELENA", "FARID", "GRETA", "HUGO",
        "INES", "JONAS", "KARIM", "LENA", "MARIA", "NOAH", "OLGA", "PAUL", "RANIA", "SAMI", "TARA", "YUSUF"};
    /**
     * Wanted persons: the MRZ spelling each passport carries, and the spelling the person watchlist holds
     * (9303-3 §6 transliterates Ü as UE, Ö as OE, ß as SS). None is among {@link #SURNAMES}.
     */
    static final Map<String, String> WANTED_SURNAMES = Map.of("MUELLER", "Müller", "SCHROEDER", "Schröder",
            "OEZTUERK", "Öztürk", "GROSSE", "Große");
    private static final String[] WANTED_MRZ = WANTED_SURNAMES.keySet().stream().sorted().toArray(String[]::new);
    /** ISO 3166-1 alpha-3 codes plus Utopia, the ICAO specimen state. */
    private static final String[] NATIONALITIES = {"UTO", "DEU", "FRA", "NLD", "ESP", "ITA", "POL", "TUR", "NGA",
        "PHL", "IND", "BRA", "EGY", "UKR", "SYR"};

    private final Random random;
    private final LocalDate today;
    private final int people;
    private final List<TravellerKind> opening;
    private int next;

    /**
     * @param people how many distinct persons the portrait set has (at least 2, so impostors exist)
     */
    public ScenarioGenerator(long seed, Clock clock, int people) {
        if (people < 2) {
            throw new IllegalArgumentException("the demo needs portraits of at least 2 people, got " + people);
        }
        this.random = new Random(seed);
        this.today = LocalDate.now(clock);
        this.people = people;
        this.opening = new ArrayList<>(List.of(TravellerKind.values()));
        Collections.shuffle(opening, random);
    }

    public SimulatedTraveller next() {
        int number = ++next;
        TravellerKind kind = number <= opening.size() ? opening.get(number - 1) : weightedKind();
        int person = random.nextInt(people);
        int live = person;
        if (kind == TravellerKind.IMPOSTOR) {
            live = (person + 1 + random.nextInt(people - 1)) % people;
        }
        LocalDate birth = kind == TravellerKind.MINOR
                ? today.minusYears(2 + random.nextInt(15)).minusDays(random.nextInt(365))
                : today.minusYears(19 + random.nextInt(60)).minusDays(random.nextInt(365));
        LocalDate expiry = switch (kind) {
            case EXPIRED -> today.minusDays(1 + random.nextInt(700));
            // Within the simulation's risk profile; every other document has at least 30 days left.
            case RISK_PROFILE -> today.plusDays(1 + random.nextInt(SimulatedWorld.RISK_PROFILE_DAYS));
            default -> today.plusDays(30 + random.nextInt(9 * 365));
        };
        String documentNumber = String.valueOf((char) ('A' + random.nextInt(26)))
                + (char) ('A' + random.nextInt(26)) + String.format("%07d", random.nextInt(10_000_000));
        String surname = kind == TravellerKind.WANTED_PERSON ? pick(WANTED_MRZ) : pick(SURNAMES);
        return new SimulatedTraveller(number, kind, surname, pick(GIVEN), pick(NATIONALITIES),
                random.nextBoolean() ? 'F' : 'M', birth, expiry, documentNumber, person, live);
    }

    private TravellerKind weightedKind() {
        int roll = random.nextInt(100);
        if (roll < 64) {
            return TravellerKind.GENUINE;
        }
        if (roll < 70) {
            return TravellerKind.IMPOSTOR;
        }
        if (roll < 76) {
            return TravellerKind.WATCHLISTED;
        }
        if (roll < 80) {
            return TravellerKind.TAMPERED_SOD;
        }
        if (roll < 84) {
            return TravellerKind.EXPIRED;
        }
        if (roll < 87) {
            return TravellerKind.CLONED_CHIP;
        }
        if (roll < 92) {
            return TravellerKind.MINOR;
        }
        if (roll < 95) {
            return TravellerKind.PRESENTATION_ATTACK;
        }
        if (roll < 97) {
            return TravellerKind.UNREADABLE_CHIP;
        }
        return TravellerKind.TAILGATING;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
