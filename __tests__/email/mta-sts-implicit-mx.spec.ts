import { configErrorText, exampleConfig } from "../helpers/example-config";

// With no MX at the sending domain senders deliver to its address, if it has one (the implicit MX, RFC 5321
// 5.1); under mode enforce a policy whose mx patterns do not match it refuses all mail (RFC 8461 4.1;
// mailauth validateMx("example.net", policy): valid false).

const ENFORCE = [["email", "mtaSts", "mode"], "enforce"] as const;
const NO_INBOUND_MX = [["email", "inboundMx"], []] as const;

test("fails mode enforce with no MX at the sending domain that the policy's mx would not match, naming the field", () => {
  expect(configErrorText([ENFORCE, NO_INBOUND_MX], "staging")).toContain(
    'email.mtaSts.mode: got "enforce" with no MX record at example.net: if example.net has an address, senders deliver to it (the implicit MX, RFC 5321 5.1), which no email.mtaSts.mx pattern (*.example.org) matches, so they refuse all mail for it (without an address, its mail is undeliverable); allowed: declare email.inboundMx hosts that email.mtaSts.mx matches, or mode "testing" or "none"',
  );
  expect(configErrorText([[["email", "inboundMx"], []]])).toContain('email.mtaSts.mode: got "enforce" with no MX record at example.com');
});

test("mode testing with no MX, enforce with inbound MX, and enforce whose mx matches the domain itself pass", () => {
  expect(exampleConfig([NO_INBOUND_MX], "staging").email?.mtaSts.mode).toBe("testing");
  expect(exampleConfig().email?.mtaSts.mode).toBe("enforce");
  expect(configErrorText([ENFORCE, NO_INBOUND_MX, [["email", "mtaSts", "mx"], ["example.net"]]], "staging")).toBe("");
  expect(configErrorText([ENFORCE], "staging")).toBe("");
});
