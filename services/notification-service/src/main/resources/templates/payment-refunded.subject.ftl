Your refund of ${amount} ${currency} for order ${orderNumber} is on its way
