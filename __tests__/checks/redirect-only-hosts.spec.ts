import type { StackInput } from "../../lib/core/readiness/model";
import { REDIRECT_ONLY_ADDRESS } from "../../lib/features/edge/dns-records";
import { blocksOf, check, clone, envConfig, exampleEnv, messages, phaseRulesOf, resultsFor, ruleById, setRules } from "./support";
import { exampleInput } from "../helpers/example-config";

/**
 * A host whose only role is redirects (docs.example.com: a path-only redirect, nothing in
 * edge.hostnames) gets the stand-in record 100:: and serves nothing else, as a whole-host redirect
 * source (old.example.com) does: no readiness rule may treat it as an app hostname. Under access-jwt,
 * as init writes it, GL-AUTH-002 judges every app hostname by its origins.
 */
const HOST = "docs.example.com";
const redirects = (exampleInput() as { edge: { redirects: unknown[] } }).edge.redirects;
const example = exampleEnv([
  [
    ["edge", "redirects"],
    [...redirects, { from: `${HOST}/guide`, to: "https://chat.example.com/help", status: 308 }],
  ],
  [["edge", "originLockdown"], "access-jwt"],
  [["edge", "originPullCertificate"], undefined],
]);
const config = envConfig(example.cfg);

function standIn(stacks: readonly StackInput[]) {
  return blocksOf(stacks, "cloudflare_dns_record").filter((b) => b.attrs.name === HOST);
}

describe("a path-only redirect source is redirect-only", () => {
  test("its only record is the proxied stand-in 100::, and its only rule redirects /guide", () => {
    expect(standIn(example.stacks).map((b) => [b.attrs.type, b.attrs.content, b.attrs.proxied])).toEqual([
      ["AAAA", REDIRECT_ONLY_ADDRESS, true],
    ]);
    const rules = phaseRulesOf(example.stacks, "http_request_dynamic_redirect")
      .flat()
      .filter((r) => String(r.expression).includes(HOST));
    expect(rules.map((r) => r.expression)).toEqual([
      `(http.host eq "${HOST}" and (lower(http.request.uri.path) eq "/guide" or starts_with(lower(http.request.uri.path), "/guide/")))`,
    ]);
  });

  test("no readiness finding names it (GL-AUTH-001, GL-AUTH-002, GL-MON-001 included)", () => {
    const named = resultsFor(example.stacks, config)
      .flatMap((r) => r.findings.map((f) => `${r.rule.id} ${f.message}`))
      .filter((m) => m.includes(HOST) || m.includes(REDIRECT_ONLY_ADDRESS));
    expect(named).toEqual([]);
    for (const id of ["GL-AUTH-001", "GL-MON-001"]) expect(check(ruleById(id), example.stacks, { config }).kind).toBe("compliant");
    // The public landing page is what GL-AUTH-002 reports under access-jwt; the redirect-only name is not.
    expect(messages(check(ruleById("GL-AUTH-002"), example.stacks, { config })).map((m) => m.split(" ")[0])).toEqual(["example.com"]);
  });

  test("fails GL-AUTH-001 once no redirect answers for it, and GL-AUTH-002 still never calls 100:: reachable", () => {
    const stacks = clone(example.stacks);
    setRules(stacks, "http_request_dynamic_redirect", (r) => !String(r.expression).includes(HOST));
    expect(messages(check(ruleById("GL-AUTH-001"), stacks, { config }))).toEqual([
      `${HOST} is proxied to users but no Access application covers it and it is not declared public`,
    ]);
    expect(messages(check(ruleById("GL-AUTH-002"), stacks, { config })).filter((m) => m.includes(REDIRECT_ONLY_ADDRESS))).toEqual([]);
  });
});
