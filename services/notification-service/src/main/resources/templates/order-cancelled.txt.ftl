Hello ${name},

your order ${orderNumber} is cancelled and ${total} ${currency} have been refunded to your card.

The Emporium team
