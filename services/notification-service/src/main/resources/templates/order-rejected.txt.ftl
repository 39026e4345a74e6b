Hello ${name},

we are sorry: your order ${orderNumber} (${total} ${currency}) could not be completed: ${reasonText}.
Nothing was charged.

The Emporium team
