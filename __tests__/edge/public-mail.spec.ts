import { configErrorText } from "../helpers/example-config";
import { isPublicMailDomain } from "../../lib/features/edge/public-mail";

// An Access role of a public mail provider's domain admits anyone who can get an address there.

describe("edge.access.roles.<role>.emailDomains refuses public mail providers", () => {
  test("fails gmail.com with one line naming the field", () => {
    const lines = configErrorText([
      [
        ["edge", "access", "roles", "users", "emailDomains"],
        ["example.com", "gmail.com"],
      ],
    ]).split("\n");
    expect(lines.filter((l) => l.includes("emailDomains"))).toEqual([
      `config/production.yaml: edge.access.roles.users.emailDomains[1]: "gmail.com" is a public mail provider's domain (anyone can get an address there), so the role would admit anyone who can sign in; list the people under emails, or use an idpGroup`,
    ]);
  });

  test("knows the listed domains and a brand's country domains; an organisation's own domain passes", () => {
    for (const domain of ["gmail.com", "Outlook.com", "proton.me", "gmx.de", "gmx.net", "yandex.ru", "yahoo.co.uk"])
      expect([domain, isPublicMailDomain(domain)]).toEqual([domain, true]);
    for (const domain of ["example.com", "gmx.example.com", "mail.example.com", "acme.co.uk"])
      expect([domain, isPublicMailDomain(domain)]).toEqual([domain, false]);
  });
});
