import { configErrorText } from "../helpers/example-config";

const NON_SENDING: readonly string[] = ["old.example.com", "chat.example.com", "legacy.example.com"];

describe("mailboxes at a null-MX name (email.nonSending)", () => {
  test("fails every report, feedback, alert and security mailbox there, naming the field and the name", () => {
    const text = configErrorText([
      [["email", "nonSending"], NON_SENDING],
      [["email", "dmarc", "rua", 1], "dmarc@legacy.example.com"],
      [["email", "dmarc", "ruf"], ["forensic@legacy.example.com"]],
      [["email", "tlsRpt", "rua", 0], "tls@legacy.example.com"],
      [["email", "feedbackSubscribers", 0], "bounces@legacy.example.com"],
      [["edge", "securityContact"], "security@legacy.example.com"],
      [["monitoring", "alerts", "emails", 1], "platform@legacy.example.com"],
    ]);
    const why =
      "which email.nonSending[2] gives a null MX: it receives no mail (RFC 7505), so what is sent there bounces; allowed: a mailbox in a domain that receives mail (or remove legacy.example.com from email.nonSending)";
    for (const [field, address] of [
      ["email.dmarc.rua[1]", "dmarc@legacy.example.com"],
      ["email.dmarc.ruf[0]", "forensic@legacy.example.com"],
      ["email.tlsRpt.rua[0]", "tls@legacy.example.com"],
      ["email.feedbackSubscribers[0]", "bounces@legacy.example.com"],
      ["edge.securityContact", "security@legacy.example.com"],
      ["monitoring.alerts.emails[1]", "platform@legacy.example.com"],
    ])
      expect(text).toContain(`config/production.yaml: ${field}: "${address}" is at legacy.example.com, ${why}`);
  });

  test("fails a CAA iodef mailbox in edge.dns at a non-sending name", () => {
    const text = configErrorText([
      [["edge", "dns", 1], { name: "example.com", type: "CAA", content: '0 iodef "mailto:certs@old.example.com"' }],
    ]);
    expect(text).toContain('edge.dns[1].content: "certs@old.example.com" is at old.example.com, which email.nonSending[0] gives a null MX');
  });

  test("fails mailboxes at the apex when the apex is non-sending (mail is sent from a subdomain)", () => {
    const text = configErrorText([
      [["email", "domain"], "mail.example.com"],
      [["email", "nonSending"], ["example.com"]],
    ]);
    for (const field of [
      "email.dmarc.rua[0]",
      "email.tlsRpt.rua[0]",
      "email.feedbackSubscribers[0]",
      "edge.securityContact",
      "monitoring.alerts.emails[0]",
    ])
      expect(text).toContain(`${field}: `);
    expect(text).toContain("is at example.com, which email.nonSending[0] gives a null MX");
  });

  test("mailboxes at names that receive mail pass, a subdomain of a non-sending name included (it has no null MX)", () => {
    expect(configErrorText([[["email", "feedbackSubscribers", 0], "ops@mail.old.example.com"]])).toBe("");
  });
});
