Your order ${orderNumber} is cancelled
