package dev.emporium.order.checkout;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** 12 to 19 digits (spaces and dashes between them allowed) that pass the Luhn check. */
@Documented
@Constraint(validatedBy = CardNumber.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface CardNumber {

    String message() default "is not a valid card number";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<CardNumber, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || valid(value);
        }

        /** Luhn: from the right, double every second digit (minus 9 when over 9); the sum ends in 0. */
        static boolean valid(String number) {
            String digits = digits(number);
            if (digits == null || digits.length() < 12 || digits.length() > 19) {
                return false;
            }
            int sum = 0;
            for (int i = 0; i < digits.length(); i++) {
                int digit = digits.charAt(digits.length() - 1 - i) - '0';
                if (i % 2 == 1) {
                    digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
                }
                sum += digit;
            }
            return sum % 10 == 0;
        }

        /** The digits alone, or null if anything but digits, spaces and dashes is there. */
        static String digits(String number) {
            StringBuilder digits = new StringBuilder(number.length());
            for (char c : number.toCharArray()) {
                if (c >= '0' && c <= '9') {
                    digits.append(c);
                } else if (c != ' ' && c != '-') {
                    return null;
                }
            }
            return digits.toString();
        }
    }
}
