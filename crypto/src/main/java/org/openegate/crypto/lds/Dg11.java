package org.openegate.crypto.lds;

import org.openegate.crypto.tlv.Tlv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * EF.DG11, additional personal details (9303-10 §4.7.11): tag 6B holding a tag list 5C and optional data objects.
 *
 * <p>Design: the object keeps the TLV it was decoded from, so {@link #encode()} gives back exactly the bytes that
 * were read (object order, length forms, unknown tags and all), which is what the SOD hash covers. The typed
 * accessors are views of those bytes. A builder encodes the objects in the specification's order and then decodes
 * that encoding, so a built and a parsed DG11 obey the same checks.
 *
 * <p>Other names come in an A0 block (count 02, then 5F0F per name); a 5F0F directly in the file, as some earlier
 * documents have it, is read as an other name too. Data objects this version does not know are kept in
 * {@link #unknown()}. Every value is personal data: {@link #toString()} shows tags only, and exception messages name
 * tags, lengths and offsets, never values.
 */
public final class Dg11 {

    static final int TAG_FULL_NAME = 0x5F0E;
    static final int TAG_OTHER_NAME = 0x5F0F;
    static final int TAG_PERSONAL_NUMBER = 0x5F10;
    static final int TAG_FULL_DATE_OF_BIRTH = 0x5F2B;
    static final int TAG_PLACE_OF_BIRTH = 0x5F11;
    static final int TAG_PERMANENT_ADDRESS = 0x5F42;
    static final int TAG_TELEPHONE = 0x5F12;
    static final int TAG_PROFESSION = 0x5F13;
    static final int TAG_TITLE = 0x5F14;
    static final int TAG_PERSONAL_SUMMARY = 0x5F15;
    static final int TAG_PROOF_OF_CITIZENSHIP = 0x5F16;
    static final int TAG_OTHER_TD_NUMBERS = 0x5F17;
    static final int TAG_CUSTODY_INFORMATION = 0x5F18;

    private final Tlv file;
    private final List<Tlv> elements;
    private final List<Integer> tagList;
    private final String fullName;
    private final List<String> otherNames;
    private final String personalNumber;
    private final String fullDateOfBirth;
    private final String placeOfBirth;
    private final String permanentAddress;
    private final String telephone;
    private final String profession;
    private final String title;
    private final String personalSummary;
    private final byte[] proofOfCitizenship;
    private final String otherValidTdNumbers;
    private final String custodyInformation;
    private final List<Tlv> unknown;

    private Dg11(Tlv file) {
        this.file = file;
        this.elements = AdditionalDetails.elements(file, LdsFile.DG11);
        List<Integer> tags = null;
        String name = null;
        List<String> others = new ArrayList<>();
        String number = null;
        String birthDate = null;
        String birthPlace = null;
        String address = null;
        String phone = null;
        String job = null;
        String honorific = null;
        String summary = null;
        byte[] citizenship = null;
        String tdNumbers = null;
        String custody = null;
        List<Tlv> rest = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (Tlv element : elements) {
            if (element.tag() != TAG_OTHER_NAME) {
                AdditionalDetails.once(seen, element, LdsFile.DG11);
            }
            switch (element.tag()) {
                case AdditionalDetails.TAG_TAG_LIST -> tags = AdditionalDetails.tagList(element, LdsFile.DG11);
                case TAG_FULL_NAME -> name = text(element);
                case AdditionalDetails.TAG_REPEATED ->
                        others.addAll(AdditionalDetails.repeated(element, TAG_OTHER_NAME, LdsFile.DG11));
                case TAG_OTHER_NAME -> others.add(text(element));
                case TAG_PERSONAL_NUMBER -> number = text(element);
                case TAG_FULL_DATE_OF_BIRTH -> birthDate = AdditionalDetails.digits(element, 8, LdsFile.DG11);
                case TAG_PLACE_OF_BIRTH -> birthPlace = text(element);
                case TAG_PERMANENT_ADDRESS -> address = text(element);
                case TAG_TELEPHONE -> phone = text(element);
                case TAG_PROFESSION -> job = text(element);
                case TAG_TITLE -> honorific = text(element);
                case TAG_PERSONAL_SUMMARY -> summary = text(element);
                case TAG_PROOF_OF_CITIZENSHIP -> citizenship = element.value();
                case TAG_OTHER_TD_NUMBERS -> tdNumbers = text(element);
                case TAG_CUSTODY_INFORMATION -> custody = text(element);
                default -> rest.add(element);
            }
        }
        if (tags == null) {
            // 9303-10 §4.7.11: the tag list is mandatory
            throw new LdsException(LdsException.Reason.MISSING_ELEMENT, "DG11 has no tag list 5C");
        }
        this.tagList = List.copyOf(tags);
        this.fullName = name;
        this.otherNames = List.copyOf(others);
        this.personalNumber = number;
        this.fullDateOfBirth = birthDate;
        this.placeOfBirth = birthPlace;
        this.permanentAddress = address;
        this.telephone = phone;
        this.profession = job;
        this.title = honorific;
        this.personalSummary = summary;
        this.proofOfCitizenship = citizenship;
        this.otherValidTdNumbers = tdNumbers;
        this.custodyInformation = custody;
        this.unknown = List.copyOf(rest);
    }

    /**
     * Decodes EF.DG11 as read from the chip; bytes after the 6B object (padding) are ignored. Throws
     * {@link LdsException} naming the tag, length or offset that is wrong, never a value.
     */
    public static Dg11 parse(byte[] content) {
        return new Dg11(LdsTlv.readFile(content, LdsFile.DG11));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The file's encoding: for a parsed DG11, exactly the 6B object that was read. */
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

    /** 5F0E: the full name in national characters, formatted as in 9303 (primary{@code <<}secondary). */
    public Optional<String> fullName() {
        return Optional.ofNullable(fullName);
    }

    /** 5F0F in A0 (or directly in the file): other names, in file order; empty if none. */
    public List<String> otherNames() {
        return otherNames;
    }

    /** 5F10: the personal number. */
    public Optional<String> personalNumber() {
        return Optional.ofNullable(personalNumber);
    }

    /** 5F2B: the full date of birth, yyyymmdd, as eight digits (unknown parts may be zeros). */
    public Optional<String> fullDateOfBirth() {
        return Optional.ofNullable(fullDateOfBirth);
    }

    /** 5F11: place of birth, fields separated by {@code <}. */
    public Optional<String> placeOfBirth() {
        return Optional.ofNullable(placeOfBirth);
    }

    /** 5F42: permanent address, fields separated by {@code <}. */
    public Optional<String> permanentAddress() {
        return Optional.ofNullable(permanentAddress);
    }

    /** 5F12: telephone. */
    public Optional<String> telephone() {
        return Optional.ofNullable(telephone);
    }

    /** 5F13: profession. */
    public Optional<String> profession() {
        return Optional.ofNullable(profession);
    }

    /** 5F14: title. */
    public Optional<String> title() {
        return Optional.ofNullable(title);
    }

    /** 5F15: personal summary. */
    public Optional<String> personalSummary() {
        return Optional.ofNullable(personalSummary);
    }

    /** 5F16: proof of citizenship, an image (ISO/IEC 10918, JPEG); a copy. */
    public Optional<byte[]> proofOfCitizenship() {
        return Optional.ofNullable(proofOfCitizenship).map(byte[]::clone);
    }

    /** 5F17: other valid travel document numbers, separated by {@code <}. */
    public Optional<String> otherValidTdNumbers() {
        return Optional.ofNullable(otherValidTdNumbers);
    }

    /** 5F18: custody information. */
    public Optional<String> custodyInformation() {
        return Optional.ofNullable(custodyInformation);
    }

    /** Data objects this version does not interpret, in file order; kept in {@link #encode()}. */
    public List<Tlv> unknown() {
        return unknown;
    }

    private static String text(Tlv element) {
        return AdditionalDetails.text(element, LdsFile.DG11);
    }

    /** Equal when the encodings are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Dg11 other && Arrays.equals(other.encode(), encode());
    }

    @Override
    public int hashCode() {
        return file.hashCode();
    }

    /** Tags only: every value is personal data. */
    @Override
    public String toString() {
        return "Dg11[tags=" + AdditionalDetails.tagsOf(elements) + ", values redacted]";
    }

    /**
     * Builds a DG11 from values; {@link #build()} writes the tag list and the objects in the order of 9303-10
     * §4.7.11 and decodes the result, so the same checks apply as for a file read from a chip.
     */
    public static final class Builder {

        private String fullName;
        private List<String> otherNames = List.of();
        private String personalNumber;
        private String fullDateOfBirth;
        private String placeOfBirth;
        private String permanentAddress;
        private String telephone;
        private String profession;
        private String title;
        private String personalSummary;
        private byte[] proofOfCitizenship;
        private String otherValidTdNumbers;
        private String custodyInformation;
        private final List<Tlv> unknown = new ArrayList<>();

        private Builder() {
        }

        public Builder fullName(String value) {
            this.fullName = value;
            return this;
        }

        public Builder otherNames(List<String> values) {
            this.otherNames = List.copyOf(values);
            return this;
        }

        public Builder personalNumber(String value) {
            this.personalNumber = value;
            return this;
        }

        /** yyyymmdd, eight digits. */
        public Builder fullDateOfBirth(String value) {
            this.fullDateOfBirth = AdditionalDetails.requireDigits(value, 8, "full date of birth");
            return this;
        }

        public Builder placeOfBirth(String value) {
            this.placeOfBirth = value;
            return this;
        }

        public Builder permanentAddress(String value) {
            this.permanentAddress = value;
            return this;
        }

        public Builder telephone(String value) {
            this.telephone = value;
            return this;
        }

        public Builder profession(String value) {
            this.profession = value;
            return this;
        }

        public Builder title(String value) {
            this.title = value;
            return this;
        }

        public Builder personalSummary(String value) {
            this.personalSummary = value;
            return this;
        }

        public Builder proofOfCitizenship(byte[] image) {
            this.proofOfCitizenship = image.clone();
            return this;
        }

        public Builder otherValidTdNumbers(String value) {
            this.otherValidTdNumbers = value;
            return this;
        }

        public Builder custodyInformation(String value) {
            this.custodyInformation = value;
            return this;
        }

        /** A data object this version does not interpret, written after the known ones. */
        public Builder addUnknown(Tlv element) {
            this.unknown.add(element);
            return this;
        }

        public Dg11 build() {
            List<Tlv> objects = new ArrayList<>();
            List<Integer> tags = new ArrayList<>();
            text(objects, tags, TAG_FULL_NAME, fullName);
            if (!otherNames.isEmpty()) {
                // the tag list names the other-name object, the A0 block wraps it (as jmrtd and gmrtd read it)
                objects.add(AdditionalDetails.repeatedBlock(otherNames, TAG_OTHER_NAME));
                tags.add(TAG_OTHER_NAME);
            }
            text(objects, tags, TAG_PERSONAL_NUMBER, personalNumber);
            text(objects, tags, TAG_FULL_DATE_OF_BIRTH, fullDateOfBirth);
            text(objects, tags, TAG_PLACE_OF_BIRTH, placeOfBirth);
            text(objects, tags, TAG_PERMANENT_ADDRESS, permanentAddress);
            text(objects, tags, TAG_TELEPHONE, telephone);
            text(objects, tags, TAG_PROFESSION, profession);
            text(objects, tags, TAG_TITLE, title);
            text(objects, tags, TAG_PERSONAL_SUMMARY, personalSummary);
            if (proofOfCitizenship != null) {
                objects.add(Tlv.of(TAG_PROOF_OF_CITIZENSHIP, proofOfCitizenship));
                tags.add(TAG_PROOF_OF_CITIZENSHIP);
            }
            text(objects, tags, TAG_OTHER_TD_NUMBERS, otherValidTdNumbers);
            text(objects, tags, TAG_CUSTODY_INFORMATION, custodyInformation);
            for (Tlv element : unknown) {
                objects.add(element);
                tags.add(element.tag());
            }
            objects.add(0, Tlv.of(AdditionalDetails.TAG_TAG_LIST, AdditionalDetails.tagListValue(tags)));
            return parse(Tlv.constructed(LdsFile.DG11.tag(), objects).encode());
        }

        private static void text(List<Tlv> objects, List<Integer> tags, int tag, String value) {
            if (value != null) {
                objects.add(Tlv.of(tag, AdditionalDetails.utf8(value)));
                tags.add(tag);
            }
        }
    }
}
