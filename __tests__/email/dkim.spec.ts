import { generateKeyPairSync } from "node:crypto";
import { checkDkimRecord, checkDkimSelector, parseDkimKey } from "../../lib/features/email/dkim";
import { quoteTxt, splitTxt, unquoteTxt } from "../../lib/core/txt";

function rsaPublic(bits: number): string {
  return generateKeyPairSync("rsa", { modulusLength: bits }).publicKey.export({ type: "spki", format: "der" }).toString("base64");
}

const KEY_2048 = rsaPublic(2048);
const codes = (selector: string, txt: string) => checkDkimRecord(selector, txt).map((f) => f.code);

test("well-formed selectors pass: plain, dotted, SES-token style with underscores", () => {
  for (const s of ["google", "s1.mail", "abcdefghijklmnopqrstuvwxyz234567", "k_1"]) expect(checkDkimSelector(s)).toEqual([]);
});

test("fails selectors that are not DNS labels", () => {
  for (const s of ["", "bad selector", "-start", "a..b", "x".repeat(64)])
    expect(checkDkimSelector(s).map((f) => f.code)).toEqual(["dkim-selector"]);
});

test("a 2048-bit RSA key parses with its size and passes", () => {
  expect(parseDkimKey(`v=DKIM1; k=rsa; p=${KEY_2048}`).key).toEqual({ keyType: "rsa", bits: 2048, revoked: false });
  expect(codes("google", `v=DKIM1; k=rsa; p=${KEY_2048}`)).toEqual([]);
});

test("fails a 1024-bit RSA key as weak", () => {
  const f = checkDkimRecord("old", `v=DKIM1; k=rsa; p=${rsaPublic(1024)}`);
  expect(f.map((x) => x.code)).toEqual(["dkim-weak-key"]);
  expect(f[0]?.message).toContain("1024-bit");
});

test("fails a revoked (empty) key, a missing p=, non-base64 and non-key data", () => {
  expect(codes("s", "v=DKIM1; k=rsa; p=")).toEqual(["dkim-revoked"]);
  expect(codes("s", "v=DKIM1; k=rsa")).toEqual(["dkim-no-key"]);
  expect(codes("s", "v=DKIM1; p=!!!")).toEqual(["dkim-key-syntax"]);
  expect(codes("s", "v=DKIM1; p=aGVsbG8=")).toEqual(["dkim-key-syntax"]);
});

test("fails a wrong version or key type; ed25519 is accepted", () => {
  expect(codes("s", `v=DKIM2; p=${KEY_2048}`)).toEqual(["dkim-version"]);
  expect(codes("s", `v=DKIM1; k=dsa; p=${KEY_2048}`)).toEqual(["dkim-key-type"]);
  expect(codes("s", "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")).toEqual([]);
});

test("a 2048-bit key record splits into <= 255-byte strings that join back exactly", () => {
  const value = `v=DKIM1; k=rsa; p=${KEY_2048}`;
  expect(value.length).toBeGreaterThan(255);
  const parts = splitTxt(value);
  expect(parts.length).toBe(2);
  for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(255);
  expect(unquoteTxt(quoteTxt(value))).toBe(value);
  expect(parseDkimKey(unquoteTxt(quoteTxt(value))).key?.bits).toBe(2048);
});
