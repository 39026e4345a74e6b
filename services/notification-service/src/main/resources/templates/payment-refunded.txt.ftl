Hello ${name},

your refund of ${amount} ${currency} for order ${orderNumber} is on its way back to your card.
Depending on your bank it can take a few days to show on your statement.

The Emporium team
