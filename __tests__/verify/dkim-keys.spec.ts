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

// The resolver joins each RR's strings (txtText), so one key split at different 255-byte boundaries
// arrives as two equal texts: mailauth gives dkim pass whichever RR it reads.
test("a DKIM key published as two RRs split at different boundaries passes", () => {
  const r = evaluateRecord(declared, live(KEY, KEY));
  expect(r.status).toBe("pass");
});

test("fails a second key beside a DKIM key published twice, counting the key once", () => {
  const r = evaluateRecord(declared, live(KEY, KEY, "v=DKIM1; p=other"));
  expect(r.detail).toMatch(/^2 TXT records live at google\._domainkey\.example\.com: the synthesized one and "v=DKIM1; p=other";/);
});

test.each([
  ["SPF", "example.com", "v=spf1 include:amazonses.com -all", /^2 v=spf1 records live at example\.com: it twice; RFC 7208 4\.5/],
  ["DMARC", "_dmarc.example.com", "v=DMARC1; p=reject", /^2 v=DMARC1 records live at _dmarc\.example\.com: it twice; RFC 7489 6\.6\.3/],
])("fails %s published twice with the same text: receivers count every RR", (_, name, value, expected) => {
  const r = evaluateRecord({ ...declared, name, value }, { ...live(value, value), name });
  expect(r.status).toBe("fail");
  expect(r.detail).toMatch(expected);
});
