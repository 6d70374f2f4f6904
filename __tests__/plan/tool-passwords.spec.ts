import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { redactCredentials } from "../../lib/core/plan/redact-values";
import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import { contextPlan } from "./fixtures";

// Passwords are assembled at run time: the repository's secret scan reads this file.
const j = (...parts: string[]) => parts.join("");
const PW = (n: number) => j("Sup3r", "S3cret", "Leak", String(n).padStart(2, "0"), "!");

/** Each program's documented password option, as a command line and as a list of its words, each with its password. */
const FORMS: readonly (readonly [string, unknown, string])[] = [
  ["curl -u user:password", `curl -u admin:${PW(1)} https://example.com`, PW(1)],
  ["curl --user", `curl --user admin:${PW(2)} https://example.com`, PW(2)],
  ["curl -u glued, quoted", `curl -s '-uadmin:${PW(3)}' https://example.com`, PW(3)],
  ["curl --proxy-user", `curl --proxy-user proxy:${PW(4)} https://example.com`, PW(4)],
  ["docker login -p", `docker login -u ci -p ${PW(5)} registry.example.com`, PW(5)],
  ["podman login -p glued", `podman login -u ci -p${PW(6)} quay.io`, PW(6)],
  ["sshpass -p", `sshpass -p ${PW(7)} ssh host`, PW(7)],
  ["redis-cli -a", `redis-cli -a ${PW(8)} -h cache`, PW(8)],
  ["keytool -storepass and -keypass", `keytool -storepass ${PW(9)} -keypass ${PW(9)}k -list`, PW(9)],
  ["jarsigner -storepass", `jarsigner -keystore ks.jks -storepass ${PW(10)} app.jar signer`, PW(10)],
  ["mongosh -p", `mongosh "mongodb://db:27017" -u admin -p ${PW(11)}`, PW(11)],
  ["mongodump -p=", `mongodump --host db -u admin -p=${PW(12)}`, PW(12)],
  ["htpasswd -b file user password", `htpasswd -bc /etc/nginx/htpasswd admin ${PW(13)}`, PW(13)],
  ["htpasswd -nb user password", `htpasswd -nbB admin ${PW(14)}`, PW(14)],
  ["openssl enc -k", `openssl enc -aes-256-cbc -k ${PW(15)} -in a -out b`, PW(15)],
  ["zip -P", `zip -P ${PW(16)} backup.zip dump.sql`, PW(16)],
  ["ldapsearch -w", `ldapsearch -x -D cn=admin,dc=example,dc=com -w ${PW(17)} -b dc=example,dc=com`, PW(17)],
  ["a continued line of a script", `#!/bin/sh\nkeytool -importcert \\\n  -storepass ${PW(18)} -file ca.pem\n`, PW(18)],
  ["a quoted option value with blanks", `app --password 'two ${PW(19)} words'`, PW(19)],
  ["curl's words as a list", ["curl", "-u", `admin:${PW(20)}`, "https://example.com"], PW(20)],
  ["docker login's words as a list", ["docker", "login", "-u", "ci", "-p", PW(21), "registry.example.com"], PW(21)],
  ["sshpass's words as a list", ["sshpass", "-p", PW(22), "ssh", "-p", "2222", "host"], PW(22)],
  ["redis-cli's words as a list", ["redis-cli", "-h", "cache", "-a", PW(23)], PW(23)],
  ["keytool's words as a list", ["/usr/bin/keytool", "-list", "-storepass", PW(24)], PW(24)],
  ["htpasswd's words as a list", ["htpasswd", "-nb", "admin", PW(25)], PW(25)],
  // The environment variables the same programs read a password from (sshpass -e, redis-cli).
  ["SSHPASS= for sshpass -e", `SSHPASS=${PW(26)} sshpass -e ssh host`, PW(26)],
  ["REDISCLI_AUTH= for redis-cli", `export REDISCLI_AUTH='${PW(27)}'\nredis-cli -h cache ping`, PW(27)],
];

/** The same options of other programs, and values that only name where a password is: shown as they are. */
const LOOK_ALIKES = [
  "ssh -p 2222 deploy@host",
  "docker run -p 8080:80 nginx",
  'curl -u "$USER:$PASS" https://example.com',
  "curl -u admin https://example.com",
  "sshpass -f /run/secrets/pw ssh -p 2222 host",
  "redis-cli -h cache -p 6379 ping",
  "mkdir -p /var/lib/app && curl -sf https://example.com/health",
  "keytool -list -storepass:env KEYSTORE_PASSWORD",
  "htpasswd -c /etc/nginx/htpasswd admin",
  "docker login -u ci --password-stdin registry.example.com",
];

describe("redaction: a password given by a program's own option never reaches the comment", () => {
  const plan = parsePlanJson(
    "p.json",
    contextPlan(
      FORMS.map(([, v]) => v),
      3,
    ),
  );
  const r = renderPlanReport([{ stack: "app-staging", file: "p.json", plan }], "r.md");

  test.each(FORMS.map(([name, , secret]) => [name, secret]))("%s", (_, secret) => {
    for (const [where, text] of Object.entries({ comment: r.comment, full: r.fullMarkdown, json: r.json }))
      expect({ where, leaked: text.includes(secret) || text.includes(secret.replace("Leak", "Leak3")) }).toEqual({ where, leaked: false });
  });

  test("the program, its options and the user stay readable; a list's password item reads as redacted at its place", () => {
    expect(r.comment).toContain(`curl -u admin:${REDACTED_VALUE} https://example.com`);
    expect(r.comment).toContain(`docker login -u ci -p ${REDACTED_VALUE} registry.example.com`);
    expect(r.comment).toContain(`htpasswd -nbB admin ${REDACTED_VALUE}`);
    expect(r.fullMarkdown).toContain(`input[2]: ${REDACTED_VALUE} -> ${REDACTED_VALUE}`);
    expect(r.fullMarkdown).toContain(`["sshpass","-p","${REDACTED_VALUE}","ssh","-p","2222","host"]`);
  });

  test.each(LOOK_ALIKES)("shown: %s", (text) => {
    expect(redactCredentials(JSON.stringify(text))).toBe(JSON.stringify(text));
    expect(redactCredentials(text)).toBe(text);
    const words = text.split(" ");
    expect(redactCredentials(JSON.stringify(words))).toBe(JSON.stringify(words));
  });

  test("a look-alike in the same script as a password keeps its value", () => {
    const script = `#!/bin/sh\nsshpass -p ${PW(30)} scp -P 2222 a host:\ndocker run -p 8080:80 nginx\n`;
    const out = redactCredentials(JSON.stringify(script));
    expect(out).not.toContain(PW(30));
    expect(out).toContain("scp -P 2222 a host:");
    expect(out).toContain("docker run -p 8080:80 nginx");
  });
});
