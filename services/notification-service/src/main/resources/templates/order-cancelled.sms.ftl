Emporium: order ${orderNumber} cancelled, ${total} ${currency} refunded.
