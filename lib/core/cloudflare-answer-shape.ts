import { isRecord, type JsonRecord } from "./json";

/**
 * The shape of a list answer's `result`, checked where a caller reads it: the SDK's typings promise a
 * list of zones, load balancers or pools, but its page classes hand on whatever the envelope held
 * (SDK 5.2.0 pagination.js: `this.result = body.result || []`), so `"result": {}` or `[null]` reached
 * callers as `page.result.map is not a function` or `Cannot read properties of null`.
 */

/** What a value is, in words: null, a list, or its typeof. */
export function shapeOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "a list" : typeof value;
}

/** A successful envelope whose result cannot be read; the callers put their step in front of the message. */
export class CloudflareShapeError extends Error {
  constructor(readonly problem: string) {
    super(`the Cloudflare API answered HTTP 2xx with success: true but ${problem}`);
    this.name = "CloudflareShapeError";
  }
}

/** An item holding a string in each of `fields`. */
function hasStrings<F extends string>(item: JsonRecord, fields: readonly F[]): item is JsonRecord & Record<F, string> {
  return fields.every((f) => typeof item[f] === "string");
}

/**
 * `result` as a list of objects, each with a string in every one of `fields` (the fields the caller
 * reads); anything else is a CloudflareShapeError naming the first item that is not so.
 */
export function listOfItems<F extends string>(result: unknown, fields: readonly F[]): (JsonRecord & Record<F, string>)[] {
  if (!Array.isArray(result)) throw new CloudflareShapeError(`a result that is not a list (${shapeOf(result)})`);
  return result.map((item: unknown, i) => {
    if (!isRecord(item)) throw new CloudflareShapeError(`a list whose item ${i + 1} is ${shapeOf(item)}, not an object`);
    if (!hasStrings(item, fields)) {
      const missing = fields.find((f) => typeof item[f] !== "string");
      throw new CloudflareShapeError(`a list whose item ${i + 1} has no string "${missing ?? ""}"`);
    }
    return item;
  });
}
