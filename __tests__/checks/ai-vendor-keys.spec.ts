import { redact } from "../../lib/core/redact";
import { blocksOf, check, clone, exampleEnv, messages, ruleById } from "./support";

// The keys an AI chatbot holds, pasted into free text that reaches the synthesized output: a secret's
// description (secrets.items[].description) is written verbatim into cdk.tf.json. Assembled at run
// time: the repository's secret scan reads this file.
const alnum = (seed: string, length: number) => seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
const KEYS: readonly (readonly [kind: string, key: string])[] = [
  ["a Google API key", ["AI", "za", alnum("SyA1b2C3d4E5f6G7h8I9j0KlMnOp", 35)].join("")],
  ["an Anthropic admin key", ["sk", "-ant-admin01-", alnum("Ab1_Cd2-Ef3", 93), "AA"].join("")],
  ["a Perplexity API key", ["pp", "lx-", alnum("Zx9Yw8Vu7T", 48)].join("")],
  ["an API key (sk-...)", ["sk", "-proj-", alnum("Ab1Cd2", 40)].join("")],
];

const example = exampleEnv();
const rule = ruleById("GL-SEC-004");

describe("GL-SEC-004 and every command's output know the AI vendors' keys (lib/core/secret-patterns.json)", () => {
  test.each(KEYS)("fails when a secret's description carries %s in a sentence", (kind, key) => {
    const stacks = clone(example.stacks);
    const [secret] = blocksOf(stacks, "aws_secretsmanager_secret");
    if (!secret) throw new Error("the example synth has no secret");
    secret.attrs.description = `API key of the LLM provider the chatbot calls, ${key} for now`;
    expect(messages(check(rule, stacks))).toEqual([`description holds ${kind} (value not shown)`]);
  });

  test.each(KEYS)("printed output never shows %s", (_, key) => {
    const shown = redact(`golive: the model calls use ${key} for now`);
    expect(shown).not.toContain(key);
    expect(shown).toContain("[REDACTED]");
  });
});
