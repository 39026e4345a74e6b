Emporium: order ${orderNumber} could not be completed (${reasonText}). Nothing was charged.
