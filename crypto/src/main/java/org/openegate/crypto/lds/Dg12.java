package org.openegate.crypto.lds;

import org.openegate.crypto.tlv.Tlv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * EF.DG12, additional document details (9303-10 §4.7.12): tag 6C holding a tag list 5C and optional data objects.
 *
 * <p>Design as {@link Dg11}: the decoded TLV is kept so that {@link #encode()} returns the bytes read, exactly; the
 * typed accessors are views; the builder encodes in the specification's order and decodes its own output. Other
 * persons come in an A0 block (count 02, then 5F1A per person); a 5F1A directly in the file is read too. Unknown
 * data objects are kept in {@link #unknown()}. Names of other persons, endorsements and the document images are
 * personal data, so {@link #toString()} shows tags only.
 */
public final class Dg12 {

    static final int TAG_ISSUING_AUTHORITY = 0x5F19;
    static final int TAG_DATE_OF_ISSUE = 0x5F26;
    static final int TAG_OTHER_PERSON = 0x5F1A;
    static final int TAG_ENDORSEMENTS = 0x5F1B;
    static final int TAG_TAX_EXIT_REQUIREMENTS = 0x5F1C;
    static final int TAG_IMAGE_OF_FRONT = 0x5F1D;
    static final int TAG_IMAGE_OF_REAR = 0x5F1E;
    static final int TAG_PERSONALIZATION_TIME = 0x5F55;
    static final int TAG_PERSONALIZATION_SYSTEM = 0x5F56;

    private final Tlv file;
    private final List<Tlv> elements;
    private final List<Integer> tagList;
    private final String issuingAuthority;
    private final String dateOfIssue;
    private final List<String> otherPersons;
    private final String endorsementsAndObservations;
    private final String taxOrExitRequirements;
    private final byte[] imageOfFront;
    private final byte[] imageOfRear;
    private final String personalizationTime;
    private final String personalizationSystemSerialNumber;
    private final List<Tlv> unknown;

    private Dg12(Tlv file) {
        this.file = file;
        this.elements = AdditionalDetails.elements(file, LdsFile.DG12);
        List<Integer> tags = null;
        String authority = null;
        String issued = null;
        List<String> persons = new ArrayList<>();
        String endorsements = null;
        String taxExit = null;
        byte[] front = null;
        byte[] rear = null;
        String personalized = null;
        String system = null;
        List<Tlv> rest = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (Tlv element : elements) {
            if (element.tag() != TAG_OTHER_PERSON) {
                AdditionalDetails.once(seen, element, LdsFile.DG12);
            }
            switch (element.tag()) {
                case AdditionalDetails.TAG_TAG_LIST -> tags = AdditionalDetails.tagList(element, LdsFile.DG12);
                case TAG_ISSUING_AUTHORITY -> authority = text(element);
                case TAG_DATE_OF_ISSUE -> issued = AdditionalDetails.digits(element, 8, LdsFile.DG12);
                case AdditionalDetails.TAG_REPEATED ->
                        persons.addAll(AdditionalDetails.repeated(element, TAG_OTHER_PERSON, LdsFile.DG12));
                case TAG_OTHER_PERSON -> persons.add(text(element));
                case TAG_ENDORSEMENTS -> endorsements = text(element);
                case TAG_TAX_EXIT_REQUIREMENTS -> taxExit = text(element);
                case TAG_IMAGE_OF_FRONT -> front = element.value();
                case TAG_IMAGE_OF_REAR -> rear = element.value();
                case TAG_PERSONALIZATION_TIME -> personalized = AdditionalDetails.digits(element, 14, LdsFile.DG12);
                case TAG_PERSONALIZATION_SYSTEM -> system = text(element);
                default -> rest.add(element);
            }
        }
        if (tags == null) {
            // 9303-10 §4.7.12: the tag list is mandatory
            throw new LdsException(LdsException.Reason.MISSING_ELEMENT, "DG12 has no tag list 5C");
        }
        this.tagList = List.copyOf(tags);
        this.issuingAuthority = authority;
        this.dateOfIssue = issued;
        this.otherPersons = List.copyOf(persons);
        this.endorsementsAndObservations = endorsements;
        this.taxOrExitRequirements = taxExit;
        this.imageOfFront = front;
        this.imageOfRear = rear;
        this.personalizationTime = personalized;
        this.personalizationSystemSerialNumber = system;
        this.unknown = List.copyOf(rest);
    }

    /**
     * Decodes EF.DG12 as read from the chip; bytes after the 6C object (padding) are ignored. Throws
     * {@link LdsException} naming the tag, length or offset that is wrong, never a value.
     */
    public static Dg12 parse(byte[] content) {
        return new Dg12(LdsTlv.readFile(content, LdsFile.DG12));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The file's encoding: for a parsed DG12, exactly the 6C object that was read. */
    public byte[] encode() {
        return file.encode();
    }

    /** The tags the tag list 5C names, as stored (it need not match the objects present). */
    public List<Integer> tagList() {
        return tagList;
    }

    /** The tags of the data objects present, in file order. */
    public List<Integer> tagsPresent() {
        return elements.stream().map(Tlv::tag).toList();
    }

    /** 5F19: the issuing authority. */
    public Optional<String> issuingAuthority() {
        return Optional.ofNullable(issuingAuthority);
    }

    /** 5F26: the date of issue, yyyymmdd. */
    public Optional<String> dateOfIssue() {
        return Optional.ofNullable(dateOfIssue);
    }

    /** 5F1A in A0 (or directly in the file): names of other persons, formatted as in 9303; empty if none. */
    public List<String> otherPersons() {
        return otherPersons;
    }

    /** 5F1B: endorsements and observations. */
    public Optional<String> endorsementsAndObservations() {
        return Optional.ofNullable(endorsementsAndObservations);
    }

    /** 5F1C: tax or exit requirements. */
    public Optional<String> taxOrExitRequirements() {
        return Optional.ofNullable(taxOrExitRequirements);
    }

    /** 5F1D: image of the front of the document (ISO/IEC 10918, JPEG); a copy. */
    public Optional<byte[]> imageOfFront() {
        return Optional.ofNullable(imageOfFront).map(byte[]::clone);
    }

    /** 5F1E: image of the rear of the document (ISO/IEC 10918, JPEG); a copy. */
    public Optional<byte[]> imageOfRear() {
        return Optional.ofNullable(imageOfRear).map(byte[]::clone);
    }

    /** 5F55: date and time of personalisation, yyyymmddhhmmss. */
    public Optional<String> personalizationTime() {
        return Optional.ofNullable(personalizationTime);
    }

    /** 5F56: serial number of the personalisation system. */
    public Optional<String> personalizationSystemSerialNumber() {
        return Optional.ofNullable(personalizationSystemSerialNumber);
    }

    /** Data objects this version does not interpret, in file order; kept in {@link #encode()}. */
    public List<Tlv> unknown() {
        return unknown;
    }

    private static String text(Tlv element) {
        return AdditionalDetails.text(element, LdsFile.DG12);
    }

    /** Equal when the encodings are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Dg12 other && Arrays.equals(other.encode(), encode());
    }

    @Override
    public int hashCode() {
        return file.hashCode();
    }

    /** Tags only: names, endorsements and images are personal data. */
    @Override
    public String toString() {
        return "Dg12[tags=" + AdditionalDetails.tagsOf(elements) + ", values redacted]";
    }

    /**
     * Builds a DG12 from values; {@link #build()} writes the tag list and the objects in the order of 9303-10
     * §4.7.12 and decodes the result, so the same checks apply as for a file read from a chip.
     */
    public static final class Builder {

        private String issuingAuthority;
        private String dateOfIssue;
        private List<String> otherPersons = List.of();
        private String endorsementsAndObservations;
        private String taxOrExitRequirements;
        private byte[] imageOfFront;
        private byte[] imageOfRear;
        private String personalizationTime;
        private String personalizationSystemSerialNumber;
        private final List<Tlv> unknown = new ArrayList<>();

        private Builder() {
        }

        public Builder issuingAuthority(String value) {
            this.issuingAuthority = value;
            return this;
        }

        /** yyyymmdd, eight digits. */
        public Builder dateOfIssue(String value) {
            this.dateOfIssue = AdditionalDetails.requireDigits(value, 8, "date of issue");
            return this;
        }

        public Builder otherPersons(List<String> values) {
            this.otherPersons = List.copyOf(values);
            return this;
        }

        public Builder endorsementsAndObservations(String value) {
            this.endorsementsAndObservations = value;
            return this;
        }

        public Builder taxOrExitRequirements(String value) {
            this.taxOrExitRequirements = value;
            return this;
        }

        public Builder imageOfFront(byte[] image) {
            this.imageOfFront = image.clone();
            return this;
        }

        public Builder imageOfRear(byte[] image) {
            this.imageOfRear = image.clone();
            return this;
        }

        /** yyyymmddhhmmss, fourteen digits. */
        public Builder personalizationTime(String value) {
            this.personalizationTime = AdditionalDetails.requireDigits(value, 14, "personalisation time");
            return this;
        }

        public Builder personalizationSystemSerialNumber(String value) {
            this.personalizationSystemSerialNumber = value;
            return this;
        }

        /** A data object this version does not interpret, written after the known ones. */
        public Builder addUnknown(Tlv element) {
            this.unknown.add(element);
            return this;
        }

        public Dg12 build() {
            List<Tlv> objects = new ArrayList<>();
            List<Integer> tags = new ArrayList<>();
            text(objects, tags, TAG_ISSUING_AUTHORITY, issuingAuthority);
            text(objects, tags, TAG_DATE_OF_ISSUE, dateOfIssue);
            if (!otherPersons.isEmpty()) {
                // the tag list names the other-person object, the A0 block wraps it
                objects.add(AdditionalDetails.repeatedBlock(otherPersons, TAG_OTHER_PERSON));
                tags.add(TAG_OTHER_PERSON);
            }
            text(objects, tags, TAG_ENDORSEMENTS, endorsementsAndObservations);
            text(objects, tags, TAG_TAX_EXIT_REQUIREMENTS, taxOrExitRequirements);
            binary(objects, tags, TAG_IMAGE_OF_FRONT, imageOfFront);
            binary(objects, tags, TAG_IMAGE_OF_REAR, imageOfRear);
            text(objects, tags, TAG_PERSONALIZATION_TIME, personalizationTime);
            text(objects, tags, TAG_PERSONALIZATION_SYSTEM, personalizationSystemSerialNumber);
            for (Tlv element : unknown) {
                objects.add(element);
                tags.add(element.tag());
            }
            objects.add(0, Tlv.of(AdditionalDetails.TAG_TAG_LIST, AdditionalDetails.tagListValue(tags)));
            return parse(Tlv.constructed(LdsFile.DG12.tag(), objects).encode());
        }

        private static void text(List<Tlv> objects, List<Integer> tags, int tag, String value) {
            if (value != null) {
                binary(objects, tags, tag, AdditionalDetails.utf8(value));
            }
        }

        private static void binary(List<Tlv> objects, List<Integer> tags, int tag, byte[] value) {
            if (value != null) {
                objects.add(Tlv.of(tag, value));
                tags.add(tag);
            }
        }
    }
}
