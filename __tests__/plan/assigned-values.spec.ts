import { redactCredentials } from "../../lib/core/plan/redact-values";
import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import { REDACTED, redact } from "../../lib/core/redact";
import { reviewOfVariables } from "./lambda-variables";

// A secret assigned to a secret name goes whole: quoted, to its closing quote; unquoted, to the end of
// the word (or of its pair, in a query or a connection string); in a URL, the user-info up to the last
// `@` before the host. Secret-looking values are built at run time: the repository's secret scan reads
// this file.
const j = (...parts: string[]) => parts.join("");
const PASSWORD = j("Tr0ub4dor", "&3horse");
const PASSPHRASE = j("correct horse", " battery staple");
const AT_PASSWORD = j("p@", "ss");

describe("redaction: an assigned secret is hidden whole, never cut at a character it may hold", () => {
  test.each([
    ["an unquoted value holding &", j("pass", "word=", PASSWORD), `password=${REDACTED_VALUE}`],
    ["a double-quoted value holding spaces", j("pass", 'word="', PASSPHRASE, '"'), `password="${REDACTED_VALUE}"`],
    ["a single-quoted value holding spaces", j("pass", "word='", PASSPHRASE, "' next"), `password='${REDACTED_VALUE}' next`],
    ["a JSON-escaped quoted value", JSON.stringify(j("pass", 'word="', PASSPHRASE, '"')), `"password=\\"${REDACTED_VALUE}\\""`],
    ["a JSON value holding an escaped quote", JSON.stringify({ password: `a"${PASSPHRASE}` }), `{"password":"${REDACTED_VALUE}"}`],
    [
      "JSON in a JSON string",
      JSON.stringify(JSON.stringify({ password: `a"${PASSPHRASE}` })),
      `"{\\"password\\":\\"${REDACTED_VALUE}\\"}"`,
    ],
    ["a quote never closed, to the end of the line", j("pass", 'word="', PASSPHRASE, "\nnext"), `password="${REDACTED_VALUE}\nnext`],
    ["a value then other words", j("DB_PASS", "WORD=", PASSWORD, " next=1"), `DB_PASSWORD=${REDACTED_VALUE} next=1`],
    [
      "a query parameter, to its &",
      j("https://h.example.com/cb?x=1&access", "_token=", PASSWORD.replace("&", ""), "&next=2"),
      `https://h.example.com/cb?x=1&access_token=${REDACTED_VALUE}&next=2`,
    ],
    [
      "a connection string's pair, to its ;",
      j("Server=db;User Id=app;Pass", "word=", PASSWORD, ";Database=app"),
      `Server=db;User Id=app;Password=${REDACTED_VALUE};Database=app`,
    ],
    [
      "a URL password holding @, to the last @",
      j("postgres://app:", AT_PASSWORD, "@db.internal:5432/app"),
      `postgres://${REDACTED_VALUE}@db.internal:5432/app`,
    ],
  ])("%s", (_, text, shown) => {
    expect(redactCredentials(text)).toBe(shown);
  });

  test("settings stay: true, false, null and numbers, bare or quoted, under a secret name", () => {
    for (const text of ['{"require_password":true,"password_length":16,"token":null}', 'password: "false"', "token_ttl=3600"])
      expect(redactCredentials(text)).toBe(text);
    expect(redactCredentials(j("pass", 'word="true ', PASSPHRASE, '"'))).toBe(`password="${REDACTED_VALUE}"`);
  });

  test("every command's output hides a URL password holding @ up to the last @ too", () => {
    const out = redact(j("error: postgres://app:", AT_PASSWORD, "@db.internal:5432/app refused"));
    expect(out).toBe(`error: postgres://${REDACTED}@db.internal:5432/app refused`);
  });

  test("in a plan: no part of the secrets reaches the comment, the full report or the JSON; the names stay", () => {
    const variables = {
      APP_ARGS: j("--mode=web pass", "word=", PASSWORD),
      APP_FLAGS: j("pass", 'word="', PASSPHRASE, '"'),
      APP_DATABASE: j("postgres://app:", AT_PASSWORD, "@db.internal:5432/app"),
    };
    const r = reviewOfVariables("assigned.json", variables);
    for (const text of [r.comment, r.fullMarkdown, r.json])
      for (const part of ["3horse", "battery staple", "ss@db", AT_PASSWORD])
        expect({ part, leaked: text.includes(part) }).toEqual({ part, leaked: false });
    expect(r.comment).toContain(`variables.APP_ARGS: null -> "--mode=web password=${REDACTED_VALUE}"`);
    expect(r.comment).toContain(`variables.APP_DATABASE: null -> "postgres://${REDACTED_VALUE}@db.internal:5432/app"`);
  });
});
