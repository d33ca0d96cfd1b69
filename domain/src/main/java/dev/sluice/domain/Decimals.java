package dev.sluice.domain;

import java.math.BigDecimal;

/**
 * The bound on decimals the domain carries exactly, digit for digit (a price, an invoice amount): at
 * most 18 digits before and 18 after the decimal point, trailing zeros included as they are kept.
 * 36 digits fit the DECIMAL(38, 18) columns that databases and ERPs downstream offer (38 is the usual
 * maximum precision); 18 fractional digits are the finest unit in common use (wei). Beyond that a
 * number is a mistake or an attack (1000 digits, {@code 1e400}) that only breaks consumers later.
 */
public final class Decimals {

    public static final int MAX_INTEGER_DIGITS = 18;
    public static final int MAX_FRACTION_DIGITS = 18;

    private Decimals() {}

    /** What is wrong with {@code value} as a carried decimal, or null when it is within the bound. */
    public static String beyondBound(BigDecimal value) {
        // long: precision - scale overflows int for exponents near Integer.MAX_VALUE
        long integerDigits = Math.max((long) value.precision() - value.scale(), 0);
        long fractionDigits = Math.max(value.scale(), 0);
        if (integerDigits <= MAX_INTEGER_DIGITS && fractionDigits <= MAX_FRACTION_DIGITS) {
            return null;
        }
        return "must have at most " + MAX_INTEGER_DIGITS + " digits before the decimal point and "
                + MAX_FRACTION_DIGITS + " after it (trailing zeros count, they are kept); got " + integerDigits
                + " before and " + fractionDigits + " after";
    }
}
