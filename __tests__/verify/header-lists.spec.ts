import { evaluateSecurityHeaders } from "../../lib/features/edge/probes/headers";
import { answerTo } from "./fixtures";

// A header given several times arrives joined with ", ": each is read as browsers read the list.

function verdict(check: string, headers: Record<string, string>) {
  const obs = { ...answerTo("https://example.com/", 200), headers };
  return evaluateSecurityHeaders(obs).find((r) => r.check === check);
}

describe("Referrer-Policy: the last policy a browser knows wins (Referrer Policy 11.1)", () => {
  const referrer = (value: string) => verdict("headers.referrer-policy", { "referrer-policy": value });

  test.each([
    ["strict-origin-when-cross-origin", "Referrer-Policy: strict-origin-when-cross-origin"],
    [" No-Referrer ", "Referrer-Policy: no-referrer"],
    ["no-referrer, bogus", "Referrer-Policy: no-referrer, bogus (browsers apply no-referrer)"],
    ["unsafe-url, strict-origin", "Referrer-Policy: unsafe-url, strict-origin (browsers apply strict-origin)"],
    [
      "same-origin, strict-origin-when-cross-origin-v2",
      "Referrer-Policy: same-origin, strict-origin-when-cross-origin-v2 (browsers apply same-origin)",
    ],
  ])("passes %j", (value, detail) => {
    expect(referrer(value)).toMatchObject({ status: "pass", detail });
  });

  test.each([
    [
      "strict-origin, unsafe-url",
      "Referrer-Policy is strict-origin, unsafe-url (browsers apply unsafe-url, the last policy they know); allowed:",
    ],
    ["unsafe-url", "Referrer-Policy is unsafe-url; allowed:"],
    ["bogus", "Referrer-Policy is bogus (no policy browsers know: they keep their default); allowed:"],
  ])("fails %j", (value, detail) => {
    expect(referrer(value)).toMatchObject({ status: "fail", detail: expect.stringContaining(detail) });
  });

  test("fails a missing header", () => {
    expect(verdict("headers.referrer-policy", {})?.detail).toMatch(/^Referrer-Policy is \(missing\); allowed: no-referrer,/);
  });
});

describe("X-Frame-Options: the values as a set, as the HTML standard reads them (no CSP frame-ancestors)", () => {
  const frame = (value: string) => verdict("headers.frame", { "content-security-policy": "default-src 'self'", "x-frame-options": value });

  test.each([
    ["DENY", "X-Frame-Options: DENY"],
    [" sameorigin ", "X-Frame-Options: SAMEORIGIN"],
    ["DENY, DENY", "X-Frame-Options: DENY, DENY (one value repeated: browsers read DENY)"],
    ["SAMEORIGIN,sameorigin", "X-Frame-Options: SAMEORIGIN,sameorigin (one value repeated: browsers read SAMEORIGIN)"],
    ["DENY, SAMEORIGIN", "X-Frame-Options: DENY, SAMEORIGIN (different values: browsers block every frame)"],
  ])("passes %j", (value, detail) => {
    expect(frame(value)).toMatchObject({ status: "pass", detail });
  });

  test.each([["ALLOWALL"], ["ALLOW-FROM https://portal.example.com"], ["bogus, other"], [""]])("fails %j: framing allowed", (value) => {
    expect(frame(value)?.status).toBe("fail");
  });
});
