package dev.emporium.processor.card;

/** What a card does when authorized: the test cards of the public contract ("Orders"), all others approve. */
public enum CardBehaviour {
    APPROVE(null),
    CARD_DECLINED("card_declined"),
    INSUFFICIENT_FUNDS("insufficient_funds"),
    /** The processor answers 503 every time: a client must retry, then give up. */
    TRANSIENT_FAILURE(null);

    private final String declineCode;

    CardBehaviour(String declineCode) {
        this.declineCode = declineCode;
    }

    /** The decline code of a declining card, else null. */
    public String declineCode() {
        return declineCode;
    }

    static CardBehaviour of(String digits) {
        return switch (digits) {
            case "4000000000000002" -> CARD_DECLINED;
            case "4000000000009995" -> INSUFFICIENT_FUNDS;
            case "4000000000000119" -> TRANSIENT_FAILURE;
            default -> APPROVE;
        };
    }
}
