import { readFileSync } from "node:fs";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { ZoneSettings } from "../../lib/features/edge/constructs/zone-settings";
import { desiredZoneSettings } from "../../lib/features/edge/zone-settings";
import { join } from "node:path";
import { evaluateSecurityHeaders } from "../../lib/features/edge/probes/headers";
import type { HttpObservation } from "../../lib/core/verify/types";
import { configErrorText, exampleConfig, REPO_ROOT } from "../helpers/example-config";
import { resourcesOf, synthKind, synthStack } from "../helpers/synth";

const edge = synthKind(exampleConfig(), "edge");
const settings = resourcesOf(edge, "cloudflare_zone_setting");
const [hstsAddress, hsts] = settings.find(([, r]) => r.setting_id === "security_header") ?? ["", {}];
/** The zone settings' triggers (the origin pull certificate has its own: origin-pull-certificate-state.spec.ts). */
const triggers = resourcesOf(edge, "terraform_data").filter(([id]) => id.startsWith("Settings_"));

describe("HSTS max_age stays inside what Cloudflare offers", () => {
  test("fails above 12 months, naming the field and the limit", () => {
    expect(configErrorText([[["edge", "hsts", "maxAge"], 63072000]])).toMatch(
      /edge\.hsts\.maxAge: must be at most 31536000 \(12 months, the longest Cloudflare's HSTS setting offers\)/,
    );
  });

  test("fails below one year, and one year is accepted and synthesized", () => {
    expect(configErrorText([[["edge", "hsts", "maxAge"], 15768000]])).toMatch(/edge\.hsts\.maxAge: must be at least 31536000/);
    expect(configErrorText([[["edge", "hsts", "maxAge"], 31536000]])).toBe("");
    expect(hsts.value).toMatchObject({ strict_transport_security: { max_age: 31536000 } });
  });
});

describe("an HSTS change is written whole (provider issue #6447: partial updates are not applied)", () => {
  test("the security_header setting is replaced, not patched, when its value changes", () => {
    const lifecycle = hsts.lifecycle as { replace_triggered_by?: unknown[] } | undefined;
    expect(lifecycle?.replace_triggered_by).toHaveLength(1);
    const ref = String(lifecycle?.replace_triggered_by?.[0]);
    // A bare address: Terraform refuses "${...}" in replace_triggered_by.
    expect(ref).toMatch(/^terraform_data\.[A-Za-z0-9_-]+$/);
    const trigger = triggers.find(([name]) => ref === `terraform_data.${name}`)?.[1];
    expect(trigger?.triggers_replace).toEqual(hsts.value);
  });

  test("string-valued settings are updated in place (a string is never sent partially)", () => {
    const replaced = settings.filter(([, r]) => r.lifecycle !== undefined).map(([, r]) => r.setting_id);
    expect(replaced).toEqual(["security_header"]);
    expect(triggers).toHaveLength(1);
  });

  test("a changed HSTS value changes the trigger (so the setting is replaced)", () => {
    // The settings construct alone, in a stack of its own: same construct ids, a fraction of the synth.
    const stack = new TerraformStack(Testing.app(), "edge-production");
    new CloudflareProvider(stack, "cloudflare");
    const settings = desiredZoneSettings(exampleConfig([[["edge", "hsts", "preload"], true]]));
    new ZoneSettings(stack, "Settings", { zoneId: "zone", settings });
    const [, changed] = resourcesOf(synthStack(stack), "terraform_data")[0] ?? ["", {}];
    expect(changed.triggers_replace).toMatchObject({ strict_transport_security: { preload: true } });
    expect(changed.triggers_replace).not.toEqual(triggers[0]?.[1].triggers_replace);
  });

  test("runbooks/deploy.md names the setting's real address for a manual replace", () => {
    const runbook = readFileSync(join(REPO_ROOT, "runbooks", "deploy.md"), "utf8");
    expect(runbook).toContain(`-replace=cloudflare_zone_setting.${hstsAddress}`);
    expect(runbook).toContain(`terraform_data.${triggers[0]?.[0]}`);
  });
});

describe("golive verify compares the live header with the config", () => {
  const response = (sts: string): HttpObservation => ({
    url: "https://chat.example.com/",
    method: "GET",
    status: 200,
    headers: { "strict-transport-security": sts },
    bodyBytes: 0,
    bodySnippet: "",
    elapsedMs: 1,
  });
  const hstsResult = (sts: string, preload: boolean) =>
    evaluateSecurityHeaders(response(sts), { maxAge: 31536000, preload }).find((r) => r.check === "headers.hsts");

  test("passes when the live header carries the configured values", () => {
    expect(hstsResult("max-age=31536000; includeSubDomains", false)?.status).toBe("pass");
    expect(hstsResult("max-age=31536000; includeSubDomains; preload", true)?.status).toBe("pass");
  });

  test("fails when preload is configured but the zone does not send it (the change never applied)", () => {
    expect(hstsResult("max-age=31536000; includeSubDomains", true)).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("preload is missing though edge.hsts.preload is true"),
    });
  });
});
