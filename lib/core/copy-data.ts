/**
 * A deep copy of plain data (arrays, objects, primitives) whose objects keep their prototype: a
 * null-prototype map (a config's role names, where `constructor` or `__proto__` is a name like any other)
 * stays one, which structuredClone would turn into an ordinary object. Every key is defined, never
 * assigned, so a `__proto__` key is copied as a key. Anything else (a Date, a Map) is shared, not
 * copied: plain data holds none. For validated configs, whose depth the schema bounds.
 */
export function copyData<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyData) as T;
  if (typeof value !== "object" || value === null) return value;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = Object.create(proto);
  for (const [key, v] of Object.entries(value))
    Object.defineProperty(out, key, { value: copyData(v), enumerable: true, writable: true, configurable: true });
  return out as T;
}
