import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { configErrorText, EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

// A Cloudflare key pasted into an id field is named, never quoted: a 40-character API token (with or
// without digits) or a 37-hex Global API key, as a GitHub token or an AWS key id already were. Built at
// run time: the repository's secret scan reads this file.
const j = (...parts: string[]) => parts.join("");
const TOKEN = j("AbCdEfGh12IjKlMn", "Op34QrStUvWx56YzAbCdEf78");
const TOKEN_FEW_DIGITS = j("Qx_pLmRvNaTzWbYcHdJe", "-fGsUoIiKyBnVwXq9Da7");
const GLOBAL_API_KEY = "0123456789abcdef".repeat(3).slice(0, 37);
const ACCOUNT_ID = "0123456789abcdef0123456789abcdef";

describe("config errors never quote a Cloudflare key pasted into an id field", () => {
  test.each([
    ["a 40-character API token", TOKEN],
    ["a 40-character API token with fewer than three digits", TOKEN_FEW_DIGITS],
    ["a 37-hex Global API key", GLOBAL_API_KEY],
  ])("%s in cloudflare.accountId: the field is named, the value masked", (_, key) => {
    const text = configErrorText([[["cloudflare", "accountId"], key]]);
    expect(text).toContain('cloudflare.accountId: must be a 32-character lower-case hex id; got "[REDACTED]"');
    expect(text).not.toContain(key.slice(0, 10));
    expect(text).not.toContain(key.slice(-4));
  });

  test("an id that is no key is quoted as given: a 32-hex id in upper case, one character short", () => {
    for (const id of [ACCOUNT_ID.toUpperCase(), ACCOUNT_ID.slice(1)])
      expect(configErrorText([[["cloudflare", "accountId"], id]])).toContain(
        `cloudflare.accountId: must be a 32-character lower-case hex id; got "${id}"`,
      );
    expect(configErrorText([[["cloudflare", "accountId"], ACCOUNT_ID]])).toBe("");
  });

  test("bin/golive.js synth: exit 1, the field named, the token nowhere in its output", async () => {
    const cwd = tempDir("golive-pasted-key-");
    cpSync(EXAMPLE_CONFIG_DIR, join(cwd, "config"), { recursive: true });
    const file = join(cwd, "config", "production.yaml");
    const text = readFileSync(file, "utf8");
    expect(text).toContain(`accountId: "${ACCOUNT_ID}"`);
    writeFileSync(file, text.replace(`accountId: "${ACCOUNT_ID}"`, `accountId: "${TOKEN}"`));
    const run = await golive(["synth", "production"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'config/production.yaml: cloudflare.accountId: must be a 32-character lower-case hex id; got "[REDACTED]"',
    );
    expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN.slice(0, 10));
  });
});
