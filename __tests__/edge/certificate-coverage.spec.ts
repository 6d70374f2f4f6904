import { configErrorText, type ConfigEdit, exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

const F = "config/production.yaml";
const WHY =
  "is proxied two or more labels below the zone example.com, and Universal SSL covers only the zone and first-level names (no valid certificate would be served); allowed: a first-level name such as";
const OPT_IN =
  "or edge.advancedCertificate: true (Advanced Certificate Manager, a paid add-on) so golive declares a certificate pack covering it";
const ADVANCED: ConfigEdit = [["edge", "advancedCertificate"], true];
const deepHost: ConfigEdit = [["edge", "hostnames", 3], { name: "api.eu.example.com", origin: "192.0.2.12" }];
const deepRelease: ConfigEdit = [["release", "hostname"], "app.eu.example.com"];
const deepRedirect: ConfigEdit = [["edge", "redirects", 0, "from"], "old.legacy.example.com"];

describe("every proxied name has a certificate (Universal SSL covers the zone and first-level names only)", () => {
  test("fails on an app hostname two labels below the zone, naming edge.hostnames[i].name", () => {
    expect(configErrorText([deepHost])).toBe(`${F}: edge.hostnames[3].name: "api.eu.example.com" ${WHY} api.example.com, ${OPT_IN}`);
  });

  test("fails on a load-balanced hostname below the first level, naming release.hostname", () => {
    expect(configErrorText([deepRelease])).toBe(`${F}: release.hostname: "app.eu.example.com" ${WHY} app.example.com, ${OPT_IN}`);
  });

  test("fails on a redirect source below the first level (its redirect-only record is proxied), naming edge.redirects[i].from", () => {
    expect(configErrorText([deepRedirect])).toBe(
      `${F}: edge.redirects[0].from: "old.legacy.example.com" ${WHY} old.example.com, ${OPT_IN}`,
    );
  });

  test("fails on a proxied edge.dns record below the first level, naming its name", () => {
    const record = { name: "cdn.eu.example.com", type: "CNAME", content: "cdn.provider.example.org", proxied: true };
    expect(configErrorText([[["edge", "dns", 1], record]])).toContain(`${F}: edge.dns[1].name: "cdn.eu.example.com" ${WHY}`);
  });

  test("a DNS-only name below the first level is left alone: the edge's certificate does not serve it", () => {
    expect(configErrorText([[["edge", "hostnames", 3], { name: "api.eu.example.com", origin: "192.0.2.12", proxied: false }]])).toBe("");
    expect(exampleConfig().edge.advancedCertificate).toBe(false);
  });

  test("without deep proxied names no certificate pack is declared, opt-in or not", () => {
    expect(resourcesOf(synthKind(exampleConfig([ADVANCED]), "edge"), "cloudflare_certificate_pack")).toEqual([]);
    expect(resourcesOf(synthKind(exampleConfig(), "edge"), "cloudflare_certificate_pack")).toEqual([]);
  });

  test("with edge.advancedCertificate one advanced pack covers the apex and each deep name's parent", () => {
    const cfg = exampleConfig([ADVANCED, deepHost, deepRelease, deepRedirect]);
    const packs = resourcesOf(synthKind(cfg, "edge"), "cloudflare_certificate_pack");
    expect(packs).toHaveLength(1);
    const [, pack] = packs[0] as [string, Record<string, unknown>];
    expect(pack).toMatchObject({
      type: "advanced",
      hosts: ["example.com", "*.eu.example.com", "*.legacy.example.com"],
      certificate_authority: "google",
      validation_method: "txt",
      validity_days: 90,
      lifecycle: { create_before_destroy: true },
    });
    expect(pack.zone_id).toEqual(expect.stringContaining("${"));
  });

  test("with the pack the monitoring stack also alerts on advanced certificate events", () => {
    const types = (edits: readonly ConfigEdit[]) =>
      resourcesOf(synthKind(exampleConfig(edits), "monitoring"), "cloudflare_notification_policy").map(([, r]) => r.alert_type);
    expect(types([ADVANCED, deepHost])).toContain("dedicated_ssl_certificate_event_type");
    expect(types([ADVANCED])).not.toContain("dedicated_ssl_certificate_event_type");
  });

  test("fails when the pack would need more than Cloudflare's 50 hosts, naming edge.advancedCertificate", () => {
    const many: ConfigEdit[] = Array.from({ length: 50 }, (_, i) => [
      ["edge", "dns", 1 + i],
      { name: `a.r${i}.example.com`, type: "A", content: `192.0.2.${i + 1}`, proxied: true },
    ]);
    expect(configErrorText([ADVANCED, ...many.slice(0, 49)])).toBe("");
    expect(configErrorText([ADVANCED, ...many])).toBe(
      `${F}: edge.advancedCertificate: the proxied names below the first level need 51 hosts on the certificate pack (the zone and 50 parent wildcards such as *.r0.example.com); Cloudflare allows at most 50 per pack; allowed: names under at most 49 distinct parents`,
    );
  });
});
