/**
 * Remembered validations and answers of the simulator (simulate.ts), by policy content rather than by
 * object: every check of one config asks the same questions of equal documents (a test run checks
 * the example configs many times), and each is simulated once per process. Bounded: past LIMIT
 * entries in a table, every table is forgotten (a process that checks many different configs).
 */

const LIMIT = 50_000;
const tables: Map<string, unknown>[] = [];

const idOfObject = new WeakMap<object, string>();
const idOfText = new Map<string, string>();
let nextId = 0;

/**
 * A short id per content: equal documents share one id. Ids are never reused, so forgetting the texts
 * only loses sharing, never gives a document another's id. A document must not change after it is
 * first asked about (none does: the world is read from synthesized JSON and left alone).
 */
export function contentId(doc: unknown): string {
  if (typeof doc !== "object" || doc === null) return JSON.stringify(doc) ?? "undefined";
  let id = idOfObject.get(doc);
  if (id === undefined) {
    const text = JSON.stringify(doc);
    id = idOfText.get(text);
    if (id === undefined) {
      id = `#${nextId++}`;
      idOfText.set(text, id);
    }
    idOfObject.set(doc, id);
  }
  return id;
}

/** A table of remembered values. */
export function memoTable<V>(): Map<string, V> {
  const table = new Map<string, V>();
  tables.push(table);
  return table;
}

/** The value remembered under `key`, made (and remembered) on first use. */
export function remember<V>(table: Map<string, V>, key: string, make: () => V): V {
  const hit = table.get(key);
  if (hit !== undefined) return hit;
  if (table.size >= LIMIT) {
    for (const t of tables) t.clear();
    idOfText.clear();
  }
  const value = make();
  table.set(key, value);
  return value;
}
