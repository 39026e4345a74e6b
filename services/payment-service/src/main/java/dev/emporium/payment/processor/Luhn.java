package dev.emporium.payment.processor;

/** The Luhn check every card number passes (13 to 19 digits). */
public final class Luhn {

    private Luhn() {
    }

    public static boolean valid(String digits) {
        if (digits == null || !digits.matches("[0-9]{13,19}")) {
            return false;
        }
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
