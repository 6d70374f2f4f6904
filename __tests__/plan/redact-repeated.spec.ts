import { REDACTED, redact } from "../../lib/core/redact";

// redact(text, extraSecrets) hides values a command knows are secret though they have no credential
// shape (the Cloudflare token `release` and `preflight` were given, as an API's error may echo it):
// every occurrence, however often a message repeats it.

/** Not credential-shaped: only being listed as a secret hides it. */
const TOKEN = ["plain", "value", "7Qx"].join("-");

describe("redact with extra secrets", () => {
  test("a listed secret that appears twice in a message is hidden both times", () => {
    const message = `the API refused ${TOKEN}: check that ${TOKEN} is current`;
    expect(redact(message)).toBe(message); // no shape of its own: the list is what hides it
    expect(redact(message, [TOKEN])).toBe(`the API refused ${REDACTED}: check that ${REDACTED} is current`);
  });

  test("back to back, on several lines and many times over, every occurrence goes", () => {
    const message = `${TOKEN}${TOKEN}\n${TOKEN} and ${TOKEN}\n`.repeat(3);
    const out = redact(message, [TOKEN]);
    expect(out).not.toContain(TOKEN);
    expect(out.split(REDACTED)).toHaveLength(13);
    expect(out).toBe(`${REDACTED}${REDACTED}\n${REDACTED} and ${REDACTED}\n`.repeat(3));
  });

  test("each of several listed secrets is hidden wherever it occurs", () => {
    const other = ["second", "value", "9Zk"].join("-");
    expect(redact(`${other} ${TOKEN} ${other} ${TOKEN}`, [TOKEN, other])).toBe(`${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED}`);
  });
});
