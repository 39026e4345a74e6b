// The cart lives in the browser (localStorage): it survives reloads and needs no account until checkout.
const KEY = 'emporium.cart';
const listeners = new Set();

export function items() {
  try {
    return JSON.parse(localStorage.getItem(KEY)) ?? [];
  } catch {
    return [];
  }
}

function save(lines) {
  localStorage.setItem(KEY, JSON.stringify(lines));
  listeners.forEach((listener) => listener(lines));
}

export function onChange(listener) {
  listeners.add(listener);
}

const whole = (n) => Math.max(0, Math.min(100, Math.round(Number(n) || 0)));

export function add(product, quantity = 1) {
  quantity = Math.max(1, whole(quantity));
  const lines = items();
  const line = lines.find((l) => l.productId === product.id);
  if (line) line.quantity = Math.min(100, line.quantity + quantity);
  else lines.push({ productId: product.id, name: product.name, price: Number(product.price), currency: product.currency, quantity,
    image: product.image?.thumb ?? null });
  save(lines);
}

export function setQuantity(productId, quantity) {
  quantity = whole(quantity);
  save(items().map((l) => (l.productId === productId ? { ...l, quantity } : l)).filter((l) => l.quantity > 0));
}

export function clear() {
  save([]);
}

export const count = () => items().reduce((sum, l) => sum + l.quantity, 0);
export const total = () => items().reduce((sum, l) => sum + l.price * l.quantity, 0);
