Your order ${orderNumber} is confirmed
