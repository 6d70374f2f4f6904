import { Alias } from "yaml";
import { parseConfigSource } from "../../lib/config/parse";

// The yaml package's Alias.resolve walks the whole document per call; called once per alias key, a
// config of thousands of anchors and alias keys took 22 s to refuse (review of a92d2e8f). Alias keys
// are now resolved from one walk of the document.

test("alias keys are read from one walk of the document, never resolved one by one", () => {
  const resolve = jest.spyOn(Alias.prototype, "resolve");
  try {
    const anchors = Array.from({ length: 50 }, (_, i) => `  k${i}: &a${i} v${i}`);
    const keys = Array.from({ length: 50 }, (_, i) => `  *a${i} : ${i}`);
    const parsed = parseConfigSource("c.yaml", ["anchors:", ...anchors, "keys:", ...keys, ""].join("\n")) as {
      keys: Record<string, number>;
    };
    expect(Object.keys(parsed.keys)).toHaveLength(50);
    expect(parsed.keys.v49).toBe(49);
    // toJS resolves each alias once when it builds the value; the key checks add no call of their own.
    expect(resolve.mock.calls.length).toBeLessThanOrEqual(50);
  } finally {
    resolve.mockRestore();
  }
});

test("an alias names the last anchor of its name before it, as YAML reads it", () => {
  expect(parseConfigSource("c.yaml", "a: &k x\nb: &k y\n*k : z\n")).toEqual({ a: "x", b: "y", y: "z" });
});
