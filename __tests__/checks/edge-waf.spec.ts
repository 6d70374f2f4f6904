import type { StackInput } from "../../lib/core/readiness/model";
import { MANAGED_RULESETS, OWASP_SCORE_RULE } from "../../lib/features/edge/waf";
import { blocksOf, check, clone, envConfig, exampleEnv, messages, type Obj, phaseRulesOf, ruleById } from "./support";

/**
 * GL-EDGE-006/007 (managed WAF, OWASP), GL-EDGE-008/009 (rate limits) and GL-CSRF-001 on the
 * synthesized example with what turns them off added: execute overrides, skip rules, expressions
 * that only look like they cover a path.
 */
const example = exampleEnv();
const config = envConfig(example.cfg);

function rules(stacks: readonly StackInput[], phase: string): Obj[] {
  const [list] = phaseRulesOf(stacks, phase);
  if (!list) throw new Error(`no ${phase} ruleset`);
  return list;
}

function rule(stacks: readonly StackInput[], phase: string, ref: string): Obj {
  const found = rules(stacks, phase).find((r) => r.ref === ref);
  if (!found) throw new Error(`no rule ${ref}`);
  return found;
}

/** Adds a rule at the start (or the end) of a phase's ruleset. */
function insert(stacks: readonly StackInput[], phase: string, added: Obj, at: "start" | "end" = "start"): void {
  const ruleset = blocksOf(stacks, "cloudflare_ruleset").find((b) => b.attrs.phase === phase);
  if (!ruleset || !Array.isArray(ruleset.attrs.rules)) throw new Error(`no ${phase} ruleset`);
  ruleset.attrs.rules = at === "start" ? [added, ...ruleset.attrs.rules] : [...ruleset.attrs.rules, added];
}

function results(edit: (s: StackInput[]) => void, ...ids: string[]): Record<string, string[]> {
  const stacks = clone(example.stacks);
  edit(stacks);
  return Object.fromEntries(ids.map((id) => [id, messages(check(ruleById(id), stacks, { config }))]));
}

const MANAGED = "http_request_firewall_managed";
const CUSTOM = "http_request_firewall_custom";
const RATE = "http_ratelimit";
const skipAll = (params: Obj, expression = "true"): Obj => ({
  action: "skip",
  action_parameters: params,
  enabled: true,
  expression,
  ref: "skipall",
});

describe("GL-EDGE-006/007: a managed ruleset counts only when it runs and blocks", () => {
  test("the example passes both", () => {
    expect(results(() => {}, "GL-EDGE-006", "GL-EDGE-007")).toEqual({ "GL-EDGE-006": [], "GL-EDGE-007": [] });
  });

  test("fails an execute whose overrides turn every rule off", () => {
    const out = results(
      (s) => {
        for (const ref of ["managed_cloudflare", "managed_owasp"]) {
          const params = rule(s, MANAGED, ref).action_parameters as Obj;
          params.overrides = { ...(params.overrides as Obj | undefined), enabled: false };
        }
      },
      "GL-EDGE-006",
      "GL-EDGE-007",
    );
    expect(out["GL-EDGE-006"]).toEqual([
      expect.stringMatching(
        /^rules\[0\] \(managed_cloudflare\) of cloudflare_ruleset\.WafManaged_[0-9A-F]{8} runs the Cloudflare Managed Ruleset but has overrides\.enabled = false, which turns its rules off$/,
      ),
    ]);
    expect(out["GL-EDGE-007"]).toEqual([expect.stringContaining("runs the OWASP Core Ruleset but has overrides.enabled = false")]);
  });

  test("fails the Cloudflare Managed Ruleset overridden to log", () => {
    const out = results((s) => {
      (rule(s, MANAGED, "managed_cloudflare").action_parameters as Obj).overrides = { action: "log" };
    }, "GL-EDGE-006");
    expect(out["GL-EDGE-006"]).toEqual([expect.stringContaining('has overrides.action = "log", so its rules do not block')]);
  });

  test("fails OWASP with its blocking score rule disabled, and with a ruleset-level log (it reaches the scoring rules too)", () => {
    const off = results((s) => {
      const overrides = (rule(s, MANAGED, "managed_owasp").action_parameters as Obj).overrides as { rules: Obj[] };
      (overrides.rules[0] as Obj).enabled = false;
    }, "GL-EDGE-007");
    expect(off["GL-EDGE-007"]).toEqual([
      expect.stringContaining("turns its score rule off (overrides.rules[].enabled = false), so nothing is blocked"),
    ]);
    const scoreBlocks = results((s) => {
      ((rule(s, MANAGED, "managed_owasp").action_parameters as Obj).overrides as Obj).action = "log";
    }, "GL-EDGE-007");
    expect(scoreBlocks["GL-EDGE-007"]).toEqual([
      expect.stringContaining('runs the OWASP Core Ruleset but has overrides.action = "log", so its rules do not block'),
    ]);
  });

  test("fails OWASP with its paranoia-level categories off, though its score rule still blocks at 40", () => {
    const out = results((s) => {
      const overrides = (rule(s, MANAGED, "managed_owasp").action_parameters as Obj).overrides as Obj;
      overrides.categories = [1, 2, 3, 4].map((level) => ({ category: `paranoia-level-${level}`, enabled: false }));
    }, "GL-EDGE-007");
    expect(out["GL-EDGE-007"]).toEqual([
      expect.stringContaining(
        'runs the OWASP Core Ruleset but turns the rules of category "paranoia-level-1" off (overrides.categories[].enabled = false); turns the rules of category "paranoia-level-2" off',
      ),
    ]);
  });

  test("fails the Cloudflare Managed Ruleset with categories logged and a rule turned off", () => {
    const out = results((s) => {
      (rule(s, MANAGED, "managed_cloudflare").action_parameters as Obj).overrides = {
        categories: ["sqli", "xss", "rce"].map((category) => ({ category, action: "log" })),
        rules: [{ id: "5de7edfa648c4d6891dc3e7f84534ffa", enabled: false }],
      };
    }, "GL-EDGE-006");
    expect(out["GL-EDGE-006"]).toEqual([
      expect.stringMatching(
        /runs the Cloudflare Managed Ruleset but gives the rules of category "sqli" action "log", so they do not block; .+; turns rule "5de7edfa648c4d6891dc3e7f84534ffa" off \(overrides\.rules\[\]\.enabled = false\)$/,
      ),
    ]);
  });

  test("fails OWASP's score rule with a threshold above edge.waf.managed.owaspScoreThreshold; a stricter one passes", () => {
    const threshold = (value: number) =>
      results((s) => {
        const overrides = (rule(s, MANAGED, "managed_owasp").action_parameters as Obj).overrides as { rules: Obj[] };
        (overrides.rules[0] as Obj).score_threshold = value;
      }, "GL-EDGE-007")["GL-EDGE-007"];
    expect(threshold(60)).toEqual([
      expect.stringContaining(
        "sets its score rule's threshold to 60, above the 40 edge.waf.managed.owaspScoreThreshold declares, so fewer attacks are blocked",
      ),
    ]);
    expect(threshold(25)).toEqual([]);
  });

  test("fails when a custom skip rule skips the managed phase, or an exception skips the ruleset or OWASP's score rule", () => {
    const phase = results((s) => insert(s, CUSTOM, skipAll({ phases: [MANAGED, RATE] })), "GL-EDGE-006", "GL-EDGE-007");
    for (const id of ["GL-EDGE-006", "GL-EDGE-007"])
      expect(phase[id]).toEqual([
        expect.stringMatching(
          /but is skipped for requests matching `true` by rules\[0\] \(skipall\) of cloudflare_ruleset\.WafCustom_[0-9A-F]{8}$/,
        ),
      ]);
    const exception = results(
      (s) =>
        insert(
          s,
          MANAGED,
          skipAll(
            { rulesets: [MANAGED_RULESETS.cloudflare], rules: { [MANAGED_RULESETS.owasp]: [OWASP_SCORE_RULE] } },
            "ip.src in {192.0.2.0/24}",
          ),
        ),
      "GL-EDGE-006",
      "GL-EDGE-007",
    );
    expect(exception["GL-EDGE-006"]).toEqual([expect.stringContaining("is skipped for requests matching `ip.src in {192.0.2.0/24}`")]);
    expect(exception["GL-EDGE-007"]).toEqual([expect.stringContaining("is skipped for requests matching `ip.src in {192.0.2.0/24}`")]);
    const current = results((s) => insert(s, MANAGED, skipAll({ ruleset: "current" })), "GL-EDGE-006");
    expect(current["GL-EDGE-006"]).toHaveLength(1);
  });

  test("fails an exception skipping single rules of the Cloudflare Managed Ruleset, and a skip or log action in capitals", () => {
    const single = results(
      (s) => insert(s, MANAGED, skipAll({ rules: { [MANAGED_RULESETS.cloudflare]: ["5de7edfa648c4d6891dc3e7f84534ffa"] } })),
      "GL-EDGE-006",
    );
    expect(single["GL-EDGE-006"]).toEqual([expect.stringContaining("is skipped for requests matching `true`")]);
    // The provider takes an action in any case (ruleset schema.go, OneOfCaseInsensitive).
    const upper = results(
      (s) => insert(s, CUSTOM, { ...skipAll({ phases: [MANAGED, RATE] }), action: "SKIP" }),
      "GL-EDGE-006",
      "GL-EDGE-008",
    );
    expect(upper["GL-EDGE-006"]).toEqual([expect.stringContaining("is skipped for requests matching `true`")]);
    expect(upper["GL-EDGE-008"]).toEqual([expect.stringContaining("is skipped for requests matching `true`")]);
    const logged = results((s) => {
      for (const r of rules(s, RATE)) r.action = "LOG";
    }, "GL-EDGE-008");
    expect(logged["GL-EDGE-008"]).toEqual([expect.stringContaining("chat path /api/chat has no enforcing rate-limit rule")]);
  });

  test("a skip rule for a host that is no app hostname, or placed after the executes, leaves them running", () => {
    const out = results(
      (s) => {
        insert(s, CUSTOM, skipAll({ phases: [MANAGED, RATE] }, 'http.host eq "status.example.net"'));
        insert(s, MANAGED, skipAll({ ruleset: "current" }), "end");
      },
      "GL-EDGE-006",
      "GL-EDGE-007",
      "GL-EDGE-008",
    );
    expect(out).toEqual({ "GL-EDGE-006": [], "GL-EDGE-007": [], "GL-EDGE-008": [] });
  });

  test("fails an execute limited to some requests", () => {
    const out = results((s) => {
      rule(s, MANAGED, "managed_cloudflare").expression = 'http.host eq "nope.invalid"';
    }, "GL-EDGE-006");
    expect(out["GL-EDGE-006"]).toEqual([
      expect.stringContaining(
        'runs only for requests matching `http.host eq "nope.invalid"`, which could not be verified to match every request',
      ),
    ]);
  });
});

describe("GL-EDGE-008/009: a rate limit covers a path only when its expression provably does", () => {
  const chat = '(lower(http.request.uri.path) eq "/api/chat" or starts_with(lower(http.request.uri.path), "/api/chat/"))';

  test("fails a rule limited to a host that is no app hostname", () => {
    const out = results((s) => {
      rule(s, RATE, "ratelimit_chat").expression = `http.host eq "nope.invalid" and ${chat}`;
    }, "GL-EDGE-008");
    expect(out["GL-EDGE-008"]).toEqual([
      expect.stringMatching(
        /^chat path \/api\/chat has no enforcing rate-limit rule in http_ratelimit: rules\[0\] \(ratelimit_chat\) of cloudflare_ruleset\.RateLimits_[0-9A-F]{8}: its expression `http\.host eq "nope\.invalid" and .+` limits it to nope\.invalid, not every app hostname \(/,
      ),
    ]);
  });

  test("fails a negated rule, saying the expression could not be verified and quoting it", () => {
    const out = results((s) => {
      rule(s, RATE, "ratelimit_chat").expression = `not ${chat}`;
    }, "GL-EDGE-008");
    expect(out["GL-EDGE-008"]).toEqual([expect.stringContaining(`its expression \`not ${chat}\` could not be verified`)]);
  });

  test("fails a rule that counts only some requests (counting_expression) or only the exact path", () => {
    const counting = results((s) => {
      (rule(s, RATE, "ratelimit_chat").ratelimit as Obj).counting_expression = 'http.request.method eq "DELETE"';
    }, "GL-EDGE-008");
    expect(counting["GL-EDGE-008"]).toEqual([
      expect.stringContaining('its ratelimit.counting_expression `http.request.method eq "DELETE"` could not be verified'),
    ]);
    const exact = results((s) => {
      rule(s, RATE, "ratelimit_chat").expression = '(lower(http.request.uri.path) eq "/api/chat")';
    }, "GL-EDGE-008");
    expect(exact["GL-EDGE-008"]).toEqual([expect.stringContaining("does not match every request to /api/chat and below it")]);
  });

  test("fails a rule whose limit no client reaches (more requests per period than edge.rateLimits allows)", () => {
    const out = results((s) => {
      (rule(s, RATE, "ratelimit_chat").ratelimit as Obj).requests_per_period = 100_000_000;
    }, "GL-EDGE-008");
    expect(out["GL-EDGE-008"]).toEqual([
      expect.stringContaining("its ratelimit.requests_per_period 100000000 is not a number of at most 100000"),
    ]);
  });

  test("fails a rule whose count per period is a rate config validation refuses (100000 per 10s)", () => {
    const out = results((s) => {
      Object.assign(rule(s, RATE, "ratelimit_chat").ratelimit as Obj, { requests_per_period: 100_000, period: 10 });
    }, "GL-EDGE-008");
    expect(out["GL-EDGE-008"]).toEqual([
      expect.stringContaining("its ratelimit 100000 per 10s is 10000 requests/s per IP; allowed: at most 100/s"),
    ]);
  });

  test("fails a rule counted per a header the client chooses; passes one counted per country and AS number", () => {
    const out = results((s) => {
      (rule(s, RATE, "ratelimit_chat").ratelimit as Obj).characteristics = ["cf.colo.id", "ip.src", 'http.request.headers["x-request-id"]'];
    }, "GL-EDGE-008");
    expect(out["GL-EDGE-008"]).toEqual([
      expect.stringContaining(
        'count per "http.request.headers[\\"x-request-id\\"]", a value the client chooses: a new value on each request gets a new counter and is never limited',
      ),
    ]);
    const derived = results((s) => {
      (rule(s, RATE, "ratelimit_chat").ratelimit as Obj).characteristics = ["cf.colo.id", "ip.src", "ip.geoip.country", "ip.src.asnum"];
    }, "GL-EDGE-008");
    expect(derived).toEqual({ "GL-EDGE-008": [] });
  });

  test("fails when a custom skip rule may match the path; passes one for other paths", () => {
    const hit = results((s) => insert(s, CUSTOM, skipAll({ phases: [RATE] }, "ip.src in {192.0.2.0/24}")), "GL-EDGE-008", "GL-EDGE-009");
    expect(hit["GL-EDGE-008"]).toEqual([
      expect.stringContaining("covers it but is skipped for requests matching `ip.src in {192.0.2.0/24}` by rules[0] (skipall)"),
    ]);
    expect(hit["GL-EDGE-009"]).toHaveLength(2);
    const other = results(
      (s) => insert(s, CUSTOM, skipAll({ phases: [RATE] }, 'starts_with(lower(http.request.uri.path), "/static/")')),
      "GL-EDGE-008",
      "GL-EDGE-009",
    );
    expect(other).toEqual({ "GL-EDGE-008": [], "GL-EDGE-009": [] });
  });
});

describe("GL-CSRF-001: only the rule golive builds for edge.waf.allowedOrigins counts", () => {
  test("fails a block rule that names the method, Origin and Referer but tests TRACE", () => {
    const out = results((s) => {
      rule(s, CUSTOM, "csrf_foreign_origin").expression =
        '(http.request.method eq "TRACE" and len(http.request.headers["origin"]) > 0 and len(http.request.headers["referer"]) > 0)';
    }, "GL-CSRF-001");
    expect(out["GL-CSRF-001"]).toEqual([
      expect.stringMatching(
        /^rules\[0\] \(csrf_foreign_origin\) of cloudflare_ruleset\.WafCustom_[0-9A-F]{8} checks the Origin header, but its expression is not the one golive writes for edge\.waf\.allowedOrigins, so it is not known to block every POST, PUT, PATCH, DELETE whose Origin \(or, without one, Referer\) is foreign$/,
      ),
    ]);
  });

  test("fails the rule golive wrote for other origins (another origin allowed)", () => {
    const out = results((s) => {
      const csrf = rule(s, CUSTOM, "csrf_foreign_origin");
      csrf.expression = String(csrf.expression).replaceAll('"https://example.com"', '"https://evil.example.net"');
    }, "GL-CSRF-001");
    expect(out["GL-CSRF-001"]).toEqual([expect.stringContaining("is not the one golive writes for edge.waf.allowedOrigins")]);
  });
});

describe("GL-CSRF-001: a skip of the rest of the custom rules before the CSRF rule", () => {
  test("fails when it may match requests to the app, passes when it comes after", () => {
    const before = results((s) => insert(s, CUSTOM, skipAll({ ruleset: "current" }, 'http.request.method eq "POST"')), "GL-CSRF-001");
    expect(before["GL-CSRF-001"]).toEqual([
      expect.stringContaining(
        'the block rule checking the Origin of state-changing requests is skipped for requests matching `http.request.method eq "POST"`',
      ),
    ]);
    const after = results((s) => {
      insert(s, CUSTOM, skipAll({ ruleset: "current" }), "end");
    }, "GL-CSRF-001");
    expect(after).toEqual({ "GL-CSRF-001": [] });
  });
});
