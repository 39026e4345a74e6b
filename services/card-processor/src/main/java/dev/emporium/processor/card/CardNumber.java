package dev.emporium.processor.card;

import dev.emporium.processor.web.ProcessorException;

/**
 * A card number, only ever held in memory while it is exchanged for a payment method: its {@link #toString()}
 * shows the last four digits, so no log line or error message can carry the whole number.
 */
public final class CardNumber {

    private final String digits;

    private CardNumber(String digits) {
        this.digits = digits;
    }

    /** 13 to 19 digits (spaces and dashes allowed between them) passing the Luhn check; else 400. */
    public static CardNumber parse(String text) {
        String digits = text == null ? "" : text.replace(" ", "").replace("-", "");
        if (!digits.matches("[0-9]{13,19}") || !luhn(digits)) {
            throw ProcessorException.badRequest("invalid_card_number",
                    "The card number must be 13 to 19 digits and pass the Luhn check.");
        }
        return new CardNumber(digits);
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    public String last4() {
        return digits.substring(digits.length() - 4);
    }

    public CardBehaviour behaviour() {
        return CardBehaviour.of(digits);
    }

    @Override
    public String toString() {
        return "card ending " + last4();
    }
}
