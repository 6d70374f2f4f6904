import { readFileSync } from "node:fs";
import { join } from "node:path";
import { namePrefix } from "../../lib/core/names";
import { monitoringProbes } from "../../lib/features/monitoring/probe-set";
import { ACCESS_TOKEN_ENV, P95_BAR_MS } from "../../lib/platform/probes";
import { anchorsOf, linksOf, slug } from "../docs/support";
import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";
import { RUNBOOKS_DIR } from "./deploy-commands";

// The audit: monitoring declares Cloudflare's expiring-service-token alert ("rotate before it expires"),
// but incident-first-response's alert table did not list it and no runbook said how to renew a token,
// where its client id and secret live, or how to prove the renewal.

const read = (file: string) => readFileSync(join(RUNBOOKS_DIR, file), "utf8");
const cfg = exampleConfig();
const prefix = namePrefix(cfg.app, cfg.environment);
const str = (v: unknown) => (typeof v === "string" ? v : "");

/** Every Cloudflare notification policy the example declares (monitoring and traffic), as synthesized. */
const policies = ["monitoring", "traffic"].flatMap((kind) =>
  resourcesOf(synthKind(cfg, kind), "cloudflare_notification_policy").map(([, r]) => ({
    name: str(r.name),
    alertType: str(r.alert_type),
    description: str(r.description),
  })),
);
/** The edge stack's Access service tokens: Terraform address and the name Cloudflare shows. */
const tokens = resourcesOf(synthKind(cfg, "edge"), "cloudflare_zero_trust_access_service_token").map(([id, r]) => ({
  address: `cloudflare_zero_trust_access_service_token.${id}`,
  name: str(r.name),
}));
/** The policy that alerts on those tokens' expiry: its description names each of them. */
const expiry = policies.find((p) => tokens.length > 0 && tokens.every((t) => p.description.includes(t.name)));

/** The rows of the incident table with a quoted label in the first cell: label and the row's text. */
function alertRows(text: string): { label: string; row: string }[] {
  return text.split("\n").flatMap((row) => {
    const label = /^\| "([^"]+)" \|/.exec(row)?.[1];
    return label === undefined ? [] : [{ label, row }];
  });
}

/** The row whose label is the policy's name after `<app>-<env> ` (a zone in parentheses may follow). */
const rowOf = (text: string, policyName: string) => alertRows(text).find((r) => policyName.startsWith(`${prefix} ${r.label}`));

/** A page's section under the heading whose anchor is `anchor`, up to the next heading of its level. */
function sectionAt(text: string, anchor: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => /^## /.test(l) && slug(l.replace(/^## /, "")) === anchor);
  if (start < 0) return "";
  const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

describe("incident-first-response names every Cloudflare notification the stacks declare", () => {
  const incident = read("incident-first-response.md");

  test("the example declares the service-token expiry alert, for the edge stack's tokens", () => {
    expect(tokens.map((t) => t.name)).toEqual([`${prefix}-webhooks`]);
    expect(expiry).toBeDefined();
  });

  test.each(policies.map((p) => [p.name, p.alertType]))("%s (%s) has a row in the alert table", (name) => {
    expect(rowOf(incident, name)?.label).toBeDefined();
  });

  test("fails a table that lacks a declared policy's row", () => {
    const without = incident
      .split("\n")
      .filter((l) => !(expiry && rowOf(l, expiry.name)))
      .join("\n");
    expect(policies.filter((p) => rowOf(without, p.name) === undefined)).toEqual(expiry ? [expiry] : []);
  });
});

describe("the expiry alert's row links to a renewal procedure that is exact", () => {
  const rotation = read("secret-rotation.md");
  const link = linksOf(rowOf(read("incident-first-response.md"), expiry?.name ?? "")?.row ?? "")
    .map((l) => l.target)
    .find((t) => t.startsWith("secret-rotation.md#"));
  const anchor = link?.replace(/^secret-rotation\.md#/, "") ?? "";
  const section = sectionAt(rotation, anchor);
  const check = monitoringProbes(cfg, { expected: [], samples: 1, p95BarMs: P95_BAR_MS, hasAccessToken: true })[0]?.planned[0]?.check;

  test("the row links to a section of secret-rotation.md", () => {
    expect(anchorsOf(rotation).has(anchor)).toBe(true);
    expect(section).not.toBe("");
  });

  test("the section names each token's Cloudflare name and Terraform address in the edge stack", () => {
    for (const t of tokens) {
      expect(section).toContain(`\`${t.name}\``);
      expect(section).toContain(`\`${t.address}\``);
      expect(section).toContain(`state show ${t.address}`);
    }
  });

  test("it renews by refresh (same client id and secret) and says why not by a Terraform replace", () => {
    expect(section).toMatch(/access\/service_tokens\/TOKEN_ID\/refresh"/);
    expect(section).toMatch(/service_token_in_use/);
  });

  test("it proves the renewal with the verify check that sends the token, from the variables verify reads", () => {
    expect(typeof check).toBe("string");
    expect(section).toContain(`\`${check}\``);
    expect(section).toContain("npx golive verify production");
    expect(section).toContain(`\`${ACCESS_TOKEN_ENV.clientId}\``);
    expect(section).toContain(`\`${ACCESS_TOKEN_ENV.clientSecret}\``);
  });
});
