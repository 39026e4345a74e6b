Your order ${orderNumber} could not be completed
