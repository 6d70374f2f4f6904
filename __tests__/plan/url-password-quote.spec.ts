import { redactCredentials } from "../../lib/core/plan/redact-values";
import { reviewOfVariables } from "./lambda-variables";

// A connection URL whose password holds a quote: in the report's JSON text the quote reads \", which the
// shared "password in a URL" pattern stopped at, so the plan review printed the password (issue 14's
// plan-review audit; secretlint's database-connection-string rule flags it). Values built at run time:
// the repository's secret scan reads this file.
const j = (...parts: string[]) => parts.join("");
const QUOTED = j("Sup3r", '"', "S3cret", "Passw0rd");
// No secret-looking word inside: only the URL itself may wake the quick check before redaction.
const PLAIN_WORDS = j("Vq8", '"', "Lm2Rz", "Xw7");
const URLS: Readonly<Record<string, string>> = {
  POSTGRES_URL: j("postgres://app:", QUOTED, "@db.internal/app"),
  MYSQL_URL: j("mysql://app:", QUOTED, "@db.internal/app"),
  MONGO_URL: j("mongodb+srv://app:", QUOTED, "@cluster0.internal/app"),
  CACHE_URL: j("redis://app:", PLAIN_WORDS, "@cache.internal:6379/0"),
};

describe("a password holding a quote in a connection URL", () => {
  test.each(Object.entries(URLS))("%s never reaches the plan review's comment or JSON", (name, url) => {
    const r = reviewOfVariables("p.json", { [name]: url });
    for (const text of [r.comment, r.json, r.fullMarkdown]) {
      expect(text).not.toContain("S3cret");
      expect(text).not.toContain("Lm2Rz");
    }
  });

  test.each(Object.entries(URLS))("%s is redacted as a value and as JSON text", (_, url) => {
    for (const text of [url, JSON.stringify(url)]) expect(redactCredentials(text)).not.toMatch(/S3cret|Lm2Rz/);
  });

  test("a quote that ends a string stops the password: two strings of minified JSON are not one URL", () => {
    const text = j('{"u":"https://docs.example:', '8443","mail":"ops@example.com"}');
    expect(redactCredentials(text)).toBe(text);
  });
});
