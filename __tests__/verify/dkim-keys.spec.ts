import { evaluateRecord } from "../../lib/features/email/probes";

// A verifier reads one TXT of the answer at a key's name (mailauth getPublicKey: `list[0]`), so a
// second key, or any other TXT there, makes signatures fail at random (RFC 6376 3.6.2.2).

const NAME = "google._domainkey.example.com";
const KEY = "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAgolive";
const declared = { stack: "email-production", name: NAME, type: "TXT" as const, value: KEY };
const live = (...values: string[]) => ({ name: NAME, type: "TXT" as const, values: values.map((value) => ({ value })) });

test.each([
  ["a second key", "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAother"],
  ["a second key without v=", "k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAother"],
  ["a TXT of another kind", "google-site-verification=x"],
])("fails when a DKIM key golive declares has %s live beside it", (_, second) => {
  const r = evaluateRecord(declared, live(KEY, second));
  expect(r.status).toBe("fail");
  expect(r.detail).toBe(
    `2 TXT records live at ${NAME}: the synthesized one and ${JSON.stringify(second)}; RFC 6376 3.6.2.2 leaves the choice of TXT to the verifier (mailauth reads the first one returned), so signatures fail at random: delete all but the one stack email-production declares`,
  );
});

test("a DKIM key alone at its name passes", () => {
  expect(evaluateRecord(declared, live(KEY)).status).toBe("pass");
});

test("fails a second v=DKIM1 record beside one golive declares away from a key's name", () => {
  const other = { ...declared, name: "example.com" };
  const obs = { ...live(KEY, "v=DKIM1; p=other", "google-site-verification=x"), name: "example.com" };
  expect(evaluateRecord(other, obs).detail).toMatch(/^2 TXT records live at example\.com: the synthesized one and "v=DKIM1; p=other";/);
});
