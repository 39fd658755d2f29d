/**
 * Flattens a V8 rope string in place and returns it. Strings built with many `+=` (the serialize addon's output,
 * translateToString's rows) are ropes; a final join of thousands of them flattens them all in one go (~25 ms for a
 * 10k-line snapshot). Flattening each piece as it is made keeps that work inside the slice that produced it.
 * ToNumber flattens its argument (the `flatstr` technique); the result is stored so it cannot be dropped as unused.
 */
let sink = 0;
export function flatten(text: string): string {
  sink = Number(text);
  return text;
}

