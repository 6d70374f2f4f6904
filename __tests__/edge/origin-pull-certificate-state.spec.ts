import { createHash, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AppConfig } from "../../lib/config/schema";
import { editedInput, exampleConfig, REPO_ROOT } from "../helpers/example-config";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { resourcesOf, type SynthJson, synthKind } from "../helpers/synth";

/**
 * Provider 5.14.0 reads the uploaded certificate back in the API's formatting and compares it with
 * RequiresReplace (authenticated_origin_pulls_certificate/schema.go:35, fixed only in v5.17.0), so the
 * edge stack ignores `certificate` and replaces the upload through a fingerprint of the canonical PEM.
 */
const CERTIFICATE_TYPE = "cloudflare_authenticated_origin_pulls_certificate";

function edgeOf(cfg: AppConfig): SynthJson {
  return synthKind(cfg, "edge");
}

function onlyCertificate(json: SynthJson): [string, Record<string, unknown>] {
  const all = resourcesOf(json, CERTIFICATE_TYPE);
  expect(all).toHaveLength(1);
  return all[0] as [string, Record<string, unknown>];
}

/** The terraform_data resources the certificate's replace_triggered_by names, by logical id. */
function fingerprintsOf(json: SynthJson): [string, Record<string, unknown>][] {
  const [, certificate] = onlyCertificate(json);
  const lifecycle = certificate.lifecycle as { replace_triggered_by?: string[] };
  return (lifecycle.replace_triggered_by ?? []).map((address) => {
    const [type, id = ""] = address.split(".");
    expect(type).toBe("terraform_data");
    return [id, json.resource.terraform_data?.[id] ?? {}];
  });
}

function fingerprintOf(json: SynthJson): unknown {
  const [[, data] = ["", {}]] = fingerprintsOf(json);
  return (data.triggers_replace as { sha256?: unknown } | undefined)?.sha256;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The example's certificate as written in its YAML (before the config canonicalizes it). */
function writtenCertificate(): string {
  return (editedInput() as { edge: { originPullCertificate: string } }).edge.originPullCertificate;
}

const cfg = exampleConfig();
const edge = edgeOf(cfg);

describe("the origin pull certificate in state (provider 5.14.0)", () => {
  test("the upload ignores certificate and private_key, so the API's formatting of the certificate plans nothing", () => {
    const [, certificate] = onlyCertificate(edge);
    expect(certificate.lifecycle).toMatchObject({ ignore_changes: ["certificate", "private_key"] });
  });

  test("a change of certificate replaces the upload: replace_triggered_by names one terraform_data holding the canonical PEM's SHA-256", () => {
    const fingerprints = fingerprintsOf(edge);
    expect(fingerprints).toHaveLength(1);
    const [[id, data] = ["", {}]] = fingerprints;
    expect(id).toMatch(/^OriginPulls_CertificateFingerprint_Value_[0-9A-F]{8}$/);
    expect(data).toEqual({ triggers_replace: { sha256: sha256(cfg.edge.originPullCertificate ?? "") } });
    expect(fingerprintOf(edge)).toMatch(/^[0-9a-f]{64}$/);
  });

  test("another certificate gives another fingerprint, and is what the replacement uploads", () => {
    const other = issueLeaf(createTestCa("golive rotated origin-pull CA"), { hosts: ["example.com"], clientAuth: true }).certPem;
    const rotated = edgeOf(exampleConfig([[["edge", "originPullCertificate"], other]]));
    expect(fingerprintOf(rotated)).not.toBe(fingerprintOf(edge));
    const canonical = new X509Certificate(other).toString();
    expect(fingerprintOf(rotated)).toBe(sha256(canonical));
    expect(onlyCertificate(rotated)[1].certificate).toBe(canonical);
  });

  test("the same certificate with CRLF line ends, a leading blank line or no trailing newline keeps its fingerprint", () => {
    const written = writtenCertificate();
    for (const reflowed of [written.replace(/\n/g, "\r\n"), `\n${written}`, written.trimEnd()]) {
      const json = edgeOf(exampleConfig([[["edge", "originPullCertificate"], reflowed]]));
      expect(fingerprintOf(json)).toBe(fingerprintOf(edge));
    }
  });

  test("runbooks/deploy.md's rotation steps name the real addresses of the fingerprint and the upload", () => {
    const runbook = readFileSync(join(REPO_ROOT, "runbooks", "deploy.md"), "utf8");
    const [[fingerprintId] = [""]] = fingerprintsOf(edge);
    expect(runbook).toContain(`terraform_data.${fingerprintId}`);
    expect(runbook).toContain(`${CERTIFICATE_TYPE}.${onlyCertificate(edge)[0]}`);
  });

  test("the tls_client_auth switch, like the origin pull settings, comes after the upload", () => {
    const [certificateId] = onlyCertificate(edge);
    const setting = resourcesOf(edge, "cloudflare_zone_setting").filter(([, r]) => r.setting_id === "tls_client_auth");
    expect(setting.map(([, r]) => r.depends_on)).toEqual([[`${CERTIFICATE_TYPE}.${certificateId}`]]);
  });

  test("without edge.originPullCertificate there is no fingerprint, and the switch depends on nothing", () => {
    const json = edgeOf(exampleConfig([[["edge", "originPullCertificate"], undefined]]));
    expect(Object.keys(json.resource.terraform_data ?? {}).filter((id) => id.includes("CertificateFingerprint"))).toEqual([]);
    const setting = resourcesOf(json, "cloudflare_zone_setting").filter(([, r]) => r.setting_id === "tls_client_auth");
    expect(setting.map(([, r]) => r.depends_on)).toEqual([undefined]);
  });
});
