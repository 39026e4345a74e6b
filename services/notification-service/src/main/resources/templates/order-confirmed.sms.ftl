Emporium: order ${orderNumber} confirmed, ${total} ${currency} charged.
