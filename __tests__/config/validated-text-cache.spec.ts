import { isDeepStrictEqual } from "node:util";
import { ConfigError } from "../../lib/config/errors";
import { copyData } from "../../lib/core/copy-data";
import { parseConfigText, validateConfigData, validateConfigText } from "../../lib/engines/config/load";
import { exampleText } from "../helpers/example-config";

// validateConfigText remembers what a text validated to (load.ts): each hit is a copy, so one caller's
// edit never reaches the next, and a text that fails is never remembered.

const LABEL = "config/production.yaml";

describe("copyData: a deep copy of plain data that keeps each object's prototype", () => {
  test("a null-prototype map stays one, a __proto__ key is copied as a key, nothing is shared", () => {
    const roles = Object.create(null) as Record<string, unknown>;
    const define = (key: string, value: unknown) =>
      Object.defineProperty(roles, key, { value, enumerable: true, writable: true, configurable: true });
    define("__proto__", { emails: ["a@example.com"] });
    define("constructor", { emails: [] });
    const data = { edge: { roles }, list: [1, { x: -0 }, Number.NaN, null, undefined] };
    const copy = copyData(data);
    expect(isDeepStrictEqual(copy, data)).toBe(true);
    expect(Object.getPrototypeOf(copy.edge.roles)).toBeNull();
    expect(Object.keys(copy.edge.roles)).toEqual(["__proto__", "constructor"]);
    expect(copy.edge.roles).not.toBe(roles);
    expect(copy.list[1]).not.toBe(data.list[1]);
    expect(Object.is((copy.list[1] as { x: number }).x, -0)).toBe(true);
  });
});

describe("validateConfigText: a text validated once per process", () => {
  test("gives what validating the parsed text gives, a fresh copy on every call (an edit to one never reaches the next)", () => {
    const text = exampleText();
    const first = validateConfigText(LABEL, text);
    expect(isDeepStrictEqual(first, validateConfigData(LABEL, parseConfigText(LABEL, text)))).toBe(true);
    first.environment = "edited";
    (first.edge?.dns ?? []).length = 0;
    const second = validateConfigText(LABEL, text);
    expect(second.environment).toBe("production");
    expect(second.edge?.dns?.length).toBeGreaterThan(0);
    expect(second).not.toBe(validateConfigText(LABEL, text));
  });

  test("keys on the label too: the same text under another file name is validated as that file", () => {
    const text = exampleText();
    expect(validateConfigText(LABEL, text).environment).toBe("production");
    expect(() => validateConfigText("config/staging.yaml", text)).toThrow(/environment: "production" does not match the file name/);
  });

  test("a text that fails is refused on every call, never remembered as valid", () => {
    const text = exampleText().replace("environment: production", "environment: 7");
    for (let i = 0; i < 2; i++) expect(() => validateConfigText(LABEL, text)).toThrow(ConfigError);
  });
});
