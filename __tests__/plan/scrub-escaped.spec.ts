import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";

// Terraform does not carry a sensitivity mark along everywhere (an attribute built from a sensitive
// value is often unmarked), so the review hides every string a plan marks sensitive wherever its text
// shows up in the same stack (lib/engines/plan/scrub.ts). Values are shown as JSON, so a secret with a
// quote, a backslash or a line break shows escaped (`pa\"ss`): that form is hidden too. Strings of 4
// characters or more are hidden (lib/core/plan/sensitive-strings.ts); shorter ones would blank out
// ordinary text across the review and stay masked only where Terraform marks them.

type Json = Record<string, unknown>;

/** An update of `type.name` from `before` to `after`, both under `mark`. */
function update(type: string, name: string, before: Json, after: Json, mark: Json = {}): Json {
  return {
    address: `${type}.${name}`,
    mode: "managed",
    type,
    name,
    change: { actions: ["update"], before, after, after_unknown: {}, before_sensitive: mark, after_sensitive: mark },
  };
}

/** The review's three texts of one stack's plan. */
function review(...changes: Json[]): readonly string[] {
  const plan = parsePlanJson("p.json", JSON.stringify({ format_version: "1.2", resource_changes: changes }));
  const r = renderPlanReport([{ stack: "secrets-production", file: "p.json", plan }], "r.md");
  return [r.comment, r.fullMarkdown, r.json];
}

/** terraform_data whose input Terraform marks sensitive. */
const marked = (value: string) => update("terraform_data", "secret", { input: "old" }, { input: value }, { input: true });
/** terraform_data whose input holds `value` unmarked, between other text. */
const echoed = (value: string) => update("terraform_data", "echo", { input: "old" }, { input: `id ${value} here` });

/** A policy whose condition holds `value`: a jsonencode()d attribute the review decodes statement by statement. */
const policy = (value: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "Agent", Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "aws:UserAgent": value } } },
    ],
  });

describe("a sensitive value with characters JSON escapes, echoed unmarked elsewhere in the plan", () => {
  // Assembled so that each part is distinctive: none may show, escaped or not.
  const SECRETS: readonly [what: string, value: string][] = [
    ["a quote", ['Zq7x"', "kV2m-quoted"].join("")],
    ["a backslash", ["Zq7x\\", "kV2m-slashed"].join("")],
    ["a line break", ["Zq7x\n", "kV2m-broken"].join("")],
    ["all three", ['Zq7x"\\', "\n", "kV2m-all"].join("")],
  ];

  test.each(SECRETS)("with %s: hidden in a string, an object attribute and a decoded policy", (_what, secret) => {
    const texts = review(
      marked(secret),
      echoed(secret),
      update("terraform_data", "object", { input: { note: "old" } }, { input: { note: secret, other: "kept" } }),
      update("aws_iam_policy", "agent", { name: "agent", policy: policy("old") }, { name: "agent", policy: policy(secret) }),
    );
    for (const text of texts) expect(text).not.toContain("kV2m");
    const [, full] = texts;
    expect(full).toContain('input: "old" -> "id (sensitive) here"');
    expect(full).toContain('input.note: "old" -> "(sensitive)"');
    expect(full).toContain('input.other: null -> "kept"');
  });

  test.each(SECRETS)(
    "with %s: hidden inside a jsonencode'd string attribute the review does not decode (escaped twice)",
    (_what, secret) => {
      // terraform_data.input = jsonencode({note = secret}) shows as a string holding JSON: the secret escaped once
      // in it, and once more as the review shows that string.
      const texts = review(
        marked(secret),
        update("terraform_data", "encoded", { input: "old" }, { input: JSON.stringify({ note: secret }) }),
      );
      for (const text of texts) expect(text).not.toContain("kV2m");
    },
  );
});

describe("how short a sensitive string may be and still be hidden elsewhere", () => {
  test("a 4-character sensitive string echoed unmarked is hidden", () => {
    const secret = ["Zq", "7x"].join("");
    const texts = review(marked(secret), echoed(secret));
    for (const text of texts) expect(text).not.toContain(secret);
    expect(texts[1]).toContain('input: "old" -> "id (sensitive) here"');
  });

  test("a 3-character one is shown where Terraform left it unmarked (it stays masked where marked)", () => {
    const secret = ["Zq", "7"].join("");
    const [, full] = review(marked(secret), echoed(secret));
    expect(full).toContain(`input: "old" -> "id ${secret} here"`);
    expect(full).toContain("input: (sensitive) -> (sensitive)");
  });
});
