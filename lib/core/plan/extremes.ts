/**
 * The largest and smallest of a list, in a loop: `Math.max(...xs)` passes every item as an argument
 * and overflows the stack past about 120,000 of them, a size a plan can reach.
 */
export function largest(xs: Iterable<number>, floor = Number.NEGATIVE_INFINITY): number {
  let out = floor;
  for (const x of xs) if (x > out) out = x;
  return out;
}

export function smallest(xs: Iterable<number>, ceiling = Number.POSITIVE_INFINITY): number {
  let out = ceiling;
  for (const x of xs) if (x < out) out = x;
  return out;
}
