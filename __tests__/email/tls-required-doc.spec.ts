import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FEEDBACK_EVENT_TYPES } from "../../lib/features/email/constructs/ses-sending";
import { exampleConfig, REPO_ROOT } from "../helpers/example-config";
import { synthKind } from "../helpers/synth";
import { onlyOf } from "../secrets/policy-json";

/** docs/email.md says what the configuration set does to every message: TLS or no delivery, and which events reach the feedback topic. */
const json = synthKind(exampleConfig(), "email");
const doc = readFileSync(join(REPO_ROOT, "docs", "email.md"), "utf8");
const readme = readFileSync(join(REPO_ROOT, "lib", "features", "email", "README.md"), "utf8");

/** How the docs name each SES event type. */
const IN_WORDS: Readonly<Record<string, string>> = {
  BOUNCE: "bounces",
  COMPLAINT: "complaints",
  REJECT: "rejects",
  DELIVERY_DELAY: "delivery delays",
  RENDERING_FAILURE: "rendering failures",
};

test("the configuration set requires TLS, and docs/email.md and the README say what that does to mail", () => {
  const [, set] = onlyOf(json, "aws_sesv2_configuration_set");
  expect(set.delivery_options).toEqual({ tls_policy: "REQUIRE" });
  expect(doc).toContain('`delivery_options.tls_policy = "REQUIRE"`');
  expect(doc).toMatch(/receiver whose MX offers no STARTTLS[^.]*is not\s+delivered/);
  expect(readme).toMatch(/requiring TLS:\s+mail to a receiver without STARTTLS is never sent in plain text/);
});

test("every feedback event the configuration set sends is listed in docs/email.md", () => {
  const [, destination] = onlyOf(json, "aws_sesv2_configuration_set_event_destination");
  expect(destination.event_destination).toMatchObject({ matching_event_types: [...FEEDBACK_EVENT_TYPES] });
  const row = doc.split("\n").find((l) => l.includes("aws_sesv2_configuration_set(_event_destination)")) ?? "";
  for (const type of FEEDBACK_EVENT_TYPES) expect([type, row.includes(IN_WORDS[type] ?? type)]).toEqual([type, true]);
});
