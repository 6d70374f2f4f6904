import { evaluateRecord } from "../../lib/features/email/probes";

// A declared record that is not live says how it gets published; a lookup that failed says only that.

const TLS_RPT = {
  stack: "email-production",
  name: "_smtp._tls.example.com",
  type: "TXT" as const,
  value: "v=TLSRPTv1; rua=mailto:tls@example.com",
};

test.each(["ENOTFOUND", "ENODATA"])("fails a missing TLS-RPT record (%s) naming the stack to apply and golive zone", (error) => {
  expect(evaluateRecord(TLS_RPT, { name: TLS_RPT.name, type: "TXT", values: [], error }).detail).toBe(
    `lookup failed (${error}); expected "v=TLSRPTv1; rua=mailto:tls@example.com"; the record is not published: apply stack email-production (cdktf deploy email-production), which declares it; golive zone production prints every record to publish where another DNS host serves the zone`,
  );
});

test("a lookup that failed (SERVFAIL, timeout) is not called unpublished", () => {
  for (const error of ["ESERVFAIL", "ETIMEOUT"])
    expect(evaluateRecord(TLS_RPT, { name: TLS_RPT.name, type: "TXT", values: [], error }).detail).toBe(
      `lookup failed (${error}); expected "v=TLSRPTv1; rua=mailto:tls@example.com"`,
    );
});

test("an environment with a dash is named whole", () => {
  const rec = { ...TLS_RPT, stack: "email-eu-prod" };
  expect(evaluateRecord(rec, { name: rec.name, type: "TXT", values: [], error: "ENOTFOUND" }).detail).toMatch(/golive zone eu-prod prints/);
});
