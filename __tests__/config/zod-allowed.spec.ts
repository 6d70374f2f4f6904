import { z } from "zod";
import { namedRecord, requiredSection } from "../../lib/core/fields";
import { allowedAt, describeAllowed, unionOptionAt } from "../../lib/core/zod-allowed";
import { fromZodIssues } from "../../lib/core/zod-issues";

const Inner = z.strictObject({ id: z.string().regex(/^[a-f]{4}$/, "must be four letters a-f"), note: z.string().optional() });
const Root = z.strictObject({
  plain: z.object({ count: z.number().int().min(1).max(9) }),
  defaulted: Inner.default({ id: "abcd" }),
  section: requiredSection(z.strictObject({ list: z.array(Inner).min(1) })),
  optional: Inner.optional(),
  piped: z
    .string()
    .max(8)
    .transform((s) => s.length),
  loose: z.unknown().transform(String),
  kind: z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("a"), onlyA: z.boolean() }),
    z.strictObject({ type: z.literal("b"), onlyB: z.enum(["x", "y"]), shared: z.number() }),
  ]),
  either: z.union([z.strictObject({ left: z.string().min(2) }), z.strictObject({ right: z.strictObject({ n: z.number().positive() }) })]),
  roles: namedRecord(z.string(), z.strictObject({ who: z.email("must be an email address") }), 5, "roles"),
  refined: z.string().refine((s) => s !== "x", "must not be x"),
});

describe("allowedAt finds a field by its path and says what it allows", () => {
  test.each<[string, (string | number)[], string | undefined]>([
    ["the root: its required keys", [], "a mapping with plain, section, piped, kind, either, roles, refined"],
    ["z.object, a number with bounds", ["plain", "count"], "a whole number from 1 to 9"],
    ["through default, a field's own pattern message", ["defaulted", "id"], "four letters a-f"],
    ["a required section (prefault), its list, an entry's key", ["section", "list", 0, "id"], "four letters a-f"],
    ["a list: its bounds and entries", ["section", "list"], "a list of at least 1 entry, each a mapping with id"],
    ["through optional", ["optional", "note"], "text"],
    ["a pipe: its input side", ["piped"], "text of at most 8 characters"],
    ["a discriminated union's option, by the key only it has", ["kind", "onlyB"], 'one of "x"|"y"'],
    ["a discriminated union's discriminator: every option's value", ["kind", "type"], 'one of "a"|"b"'],
    ["a discriminated union itself", ["kind"], 'a mapping whose type is one of "a"|"b"'],
    ["a union's option, by the key only it has", ["either", "right", "n"], "a number above 0"],
    ["a union itself: each option", ["either"], "a mapping with left or a mapping with right"],
    ["a named record's value", ["roles", "admins", "who"], "an email address"],
    ["a named record", ["roles"], "a mapping of names, each a mapping with who"],
    ["a string with a refine only", ["refined"], "text"],
  ])("%s", (_what, path, allowed) => {
    expect(allowedAt(Root, path)).toBe(allowed);
  });

  test.each<[string, (string | number)[]]>([
    ["a key the schema does not have", ["plain", "nothing"]],
    ["an index into a mapping", ["plain", 0]],
    ["a key of an inherited property (constructor)", ["plain", "constructor"]],
    ["below a transform of anything", ["loose", "deeper"]],
  ])("cannot tell: %s", (_what, path) => {
    expect(allowedAt(Root, path)).toBeUndefined();
  });

  test("cannot describe a transform of anything or a never", () => {
    expect(describeAllowed(z.unknown().transform(String))).toBeUndefined();
    expect(describeAllowed(z.never())).toBeUndefined();
  });

  test("numbers: one bound, an exclusive bound, no bound", () => {
    expect(describeAllowed(z.number().min(0))).toBe("a number of at least 0");
    expect(describeAllowed(z.number().int().max(10))).toBe("a whole number of at most 10");
    expect(describeAllowed(z.number().gt(0).lt(1))).toBe("a number above 0 and below 1");
    expect(describeAllowed(z.number())).toBe("a number");
  });

  test("text: a pattern without its own message, a format, an exact length; booleans and literals", () => {
    expect(describeAllowed(z.string().regex(/^a+$/))).toBe("text matching /^a+$/");
    expect(describeAllowed(z.uuid())).toBe("text in uuid format");
    expect(describeAllowed(z.string().length(3))).toBe("text of 3 characters");
    expect(describeAllowed(z.string().max(1))).toBe("text of at most 1 character");
    expect(describeAllowed(z.string().regex(/^a/, "may start with a only"))).toBe("text that may start with a only");
    expect(describeAllowed(z.string().regex(/^a/, "names are lower-case"))).toBe("text (names are lower-case)");
    expect(describeAllowed(z.boolean())).toBe("true or false");
    expect(describeAllowed(z.literal("only"))).toBe('"only"');
    expect(describeAllowed(z.union([z.literal(10), z.literal(30)]))).toBe("one of 10|30");
    expect(describeAllowed(z.strictObject({ a: z.string().optional() }))).toBe("a mapping (every key optional: a)");
  });

  test("unionOptionAt gives the option a union's errors belong to, and nothing elsewhere", () => {
    const options = z.union([z.strictObject({ left: z.string() }), z.strictObject({ right: z.number() })]);
    const Outer = z.strictObject({ either: options.optional() });
    expect(unionOptionAt(Outer, ["either"], 1)).toBe(options._zod.def.options[1]);
    expect(unionOptionAt(Outer, [], 0)).toBeUndefined();
  });
});

describe("fromZodIssues words zod's own problems from the schema, and keeps everything else", () => {
  const issues = (input: unknown) => {
    const parsed = Root.safeParse(input, { reportInput: true });
    return parsed.success ? [] : parsed.error.issues;
  };
  const valid = {
    plain: { count: 3 },
    section: { list: [{ id: "abcd" }] },
    piped: "ok",
    loose: 1,
    kind: { type: "a", onlyA: true },
    either: { left: "ab" },
    roles: {},
    refined: "y",
  };

  test("the valid input has no issue", () => {
    expect(issues(valid)).toEqual([]);
  });

  test("a missing key and a wrong type say what is allowed; inside a union the option's words", () => {
    const found = fromZodIssues(issues({ ...valid, plain: { count: "3" }, piped: undefined, either: { right: { n: "1" } } }), Root);
    expect(found).toEqual([
      { path: ["plain", "count"], message: 'expected a number, got "3"; allowed: a whole number from 1 to 9' },
      { path: ["piped"], message: "is required; allowed: text of at most 8 characters" },
      { path: ["either", "right", "n"], message: 'expected a number, got "1"; allowed: a number above 0' },
    ]);
  });

  test("a discriminator left out is required, with every option's value", () => {
    expect(fromZodIssues(issues({ ...valid, kind: { onlyA: true } }), Root)).toEqual([
      { path: ["kind", "type"], message: 'is required; allowed: one of "a"|"b"' },
    ]);
  });

  test("a missing enum needs no schema: the issue lists its values", () => {
    expect(fromZodIssues(issues({ ...valid, kind: { type: "b", shared: 1 } }))).toEqual([
      { path: ["kind", "onlyB"], message: 'is required; allowed: one of "x"|"y"' },
    ]);
  });

  test("without a schema, or where it cannot tell, zod's text stays as it was", () => {
    expect(fromZodIssues(issues({ ...valid, piped: undefined }))).toEqual([
      { path: ["piped"], message: "Invalid input: expected string (missing)" },
    ]);
    expect(fromZodIssues(issues({ ...valid, plain: { count: "3" } }))).toEqual([
      { path: ["plain", "count"], message: 'Invalid input: expected number, received string; got "3"' },
    ]);
  });

  test("a message of the field's own is kept for a bad value, and names what is allowed for a missing one", () => {
    expect(fromZodIssues(issues({ ...valid, section: { list: [{ id: "zz" }] } }), Root)).toEqual([
      { path: ["section", "list", 0, "id"], message: 'must be four letters a-f; got "zz"' },
    ]);
    expect(fromZodIssues(issues({ ...valid, roles: { admins: { who: "nobody" } } }), Root)).toEqual([
      { path: ["roles", "admins", "who"], message: 'must be an email address; got "nobody"' },
    ]);
    const Own = z.strictObject({ day: z.iso.date("must be a date such as 2026-11-01") });
    const parsed = Own.safeParse({}, { reportInput: true });
    expect(fromZodIssues(parsed.success ? [] : parsed.error.issues, Own)).toEqual([
      { path: ["day"], message: "is required; allowed: a date such as 2026-11-01" },
    ]);
  });

  test("the file's root is never quoted, and is never 'required'", () => {
    expect(fromZodIssues(issues(undefined), Root)[0]?.message).toBe(
      "expected a mapping, got nothing (an empty file); allowed: a mapping with plain, section, piped, kind, either, roles, refined",
    );
    expect(fromZodIssues(issues("API_KEY=abcdef"), Root)[0]?.message).toMatch(
      /^expected a mapping, got a text of 14 characters \(not shown/,
    );
  });
});
