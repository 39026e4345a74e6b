Hello ${name},

thank you for your order ${orderNumber}. It is confirmed and your card has been charged.

<#list items as item>
  ${item.quantity} x ${item.name} at ${item.unitPrice} ${currency} = ${item.lineTotal} ${currency}
</#list>
  Total: ${total} ${currency}

The Emporium team
