import { resourcesOf, synthKind, type SynthJson } from "../helpers/synth";
import { exampleConfig } from "../helpers/example-config";
import { buildEnvironmentStacks } from "../../stacks";
import { Testing } from "cdktf";
import { mtaStsPolicyId, renderMtaStsPolicy } from "../../lib/features/email/mta-sts";

const json = synthKind(exampleConfig(), "email");

function records(j: SynthJson = json): Record<string, unknown>[] {
  return resourcesOf(j, "cloudflare_dns_record").map(([, r]) => r);
}

function only(type: string, j: SynthJson = json): Record<string, unknown> {
  const all = resourcesOf(j, type);
  expect(all).toHaveLength(1);
  return (all[0] as [string, Record<string, unknown>])[1];
}

function record(name: string, type: string, j: SynthJson = json): Record<string, unknown>[] {
  return records(j).filter((r) => r.name === name && r.type === type);
}

const IDENTITY_REF = /^aws_sesv2_email_identity\.Ses_[A-Z0-9]+$/;

test("the SES identity is the sending domain with Easy DKIM RSA 2048, the configuration set, and prevent_destroy", () => {
  const identity = only("aws_sesv2_email_identity");
  expect(identity).toMatchObject({
    email_identity: "example.com",
    dkim_signing_attributes: { next_signing_key_length: "RSA_2048_BIT" },
    configuration_set_name: expect.stringMatching(
      /^\$\{aws_sesv2_configuration_set\.Ses_ConfigurationSet_[A-Z0-9]+\.configuration_set_name\}$/,
    ),
    lifecycle: { prevent_destroy: true },
  });
  expect(identity).not.toHaveProperty("dkim_signing_attributes.domain_signing_private_key");
});

test("the protected identity keeps its Terraform address (construct path email-production/Ses/Resource)", () => {
  // Renaming the construct would destroy the identity and rotate the DKIM keys: pin the logical id.
  expect(resourcesOf(json, "aws_sesv2_email_identity").map(([id]) => id)).toEqual(["Ses_E8AC89C5"]);
});

test("the three DKIM CNAMEs take their name and target from the identity's tokens, one index each", () => {
  const cnames = records().filter((r) => r.type === "CNAME");
  expect(cnames).toHaveLength(3);
  cnames.forEach((r, i) => {
    const m =
      /^\$\{element\((aws_sesv2_email_identity\.[A-Za-z0-9_]+)\.dkim_signing_attributes\[0\]\.tokens, (\d)\)\}\._domainkey\.example\.com$/.exec(
        String(r.name),
      );
    expect(m?.[1]).toMatch(IDENTITY_REF);
    expect(m?.[2]).toBe(String(i));
    expect(r.content).toBe(`\${element(${m?.[1]}.dkim_signing_attributes[0].tokens, ${i})}.dkim.amazonses.com`);
    expect(r).toMatchObject({ proxied: false, ttl: 300 });
  });
});

test("in a region with its own Easy DKIM domain (af-south-1) the DKIM CNAMEs point there, not at dkim.amazonses.com", () => {
  const africa = synthKind(exampleConfig([[["email", "region"], "af-south-1"]]), "email");
  const cnames = records(africa).filter((r) => r.type === "CNAME");
  expect(cnames).toHaveLength(3);
  for (const r of cnames) expect(r.content).toMatch(/^\$\{element\(aws_sesv2_email_identity\.[^}]+\)\}\.dkim\.af-south-1\.amazonses\.com$/);
  expect(record("bounce.example.com", "MX", africa)).toEqual([
    expect.objectContaining({ content: "feedback-smtp.af-south-1.amazonses.com" }),
  ]);
});

test("MAIL FROM is bounce.example.com with the SES feedback MX of the region and its own SPF", () => {
  expect(only("aws_sesv2_email_identity_mail_from_attributes")).toMatchObject({
    mail_from_domain: "bounce.example.com",
    behavior_on_mx_failure: "USE_DEFAULT_VALUE",
    email_identity: expect.stringMatching(/^\$\{aws_sesv2_email_identity\.Ses_[A-Z0-9]+\.email_identity\}$/),
  });
  expect(record("bounce.example.com", "MX")).toEqual([
    expect.objectContaining({ content: "feedback-smtp.eu-west-1.amazonses.com", priority: 10, proxied: false }),
  ]);
  expect(record("bounce.example.com", "TXT").map((r) => r.content)).toEqual(['"v=spf1 include:amazonses.com -all"']);
});

test("the domain's SPF comes from config and ends with -all; DMARC carries policy, alignment and report addresses", () => {
  expect(record("example.com", "TXT").map((r) => r.content)).toContain('"v=spf1 include:amazonses.com ip4:198.51.100.0/24 -all"');
  expect(record("_dmarc.example.com", "TXT").map((r) => r.content)).toEqual([
    '"v=DMARC1; p=reject; sp=reject; adkim=r; aspf=r; rua=mailto:dmarc-reports@example.com,mailto:dmarc@reports.example.org"',
  ]);
});

test("the report mailbox in another domain is named with the authorisation records that domain must publish, one per _dmarc", () => {
  expect(json.output?.dmarc_report_authorisations?.value).toEqual([
    'example.com._report._dmarc.reports.example.org. TXT "v=DMARC1"',
    'old.example.com._report._dmarc.reports.example.org. TXT "v=DMARC1"',
    'chat.example.com._report._dmarc.reports.example.org. TXT "v=DMARC1"',
  ]);
  expect(json.output?.dkim_tokens?.value).toMatch(/^\$\{aws_sesv2_email_identity\.Ses_[A-Z0-9]+\.dkim_signing_attributes\[0\]\.tokens\}$/);
});

test("MTA-STS: the _mta-sts id is derived from the policy the Worker serves at mta-sts.example.com", () => {
  const policy = renderMtaStsPolicy({ mode: "enforce", mx: ["mx1.example.net", "mx2.example.net"], maxAge: 604800 });
  expect(record("_mta-sts.example.com", "TXT").map((r) => r.content)).toEqual([`"v=STSv1; id=${mtaStsPolicyId(policy)}"`]);
  const script = only("cloudflare_workers_script");
  expect(script).toMatchObject({
    account_id: "0123456789abcdef0123456789abcdef",
    script_name: "opsbot-production-mta-sts",
    main_module: "mta-sts.mjs",
  });
  expect(String(script.content)).toContain(JSON.stringify(policy));
  expect(only("cloudflare_workers_custom_domain")).toMatchObject({
    hostname: "mta-sts.example.com",
    service: expect.stringMatching(/^\$\{cloudflare_workers_script\.MtaSts_[A-Z0-9]+\.script_name\}$/),
    zone_id: "${data.cloudflare_zone.Zone.id}",
  });
});

test("MTA-STS: the custom domain ignores `environment`, which the API reads back as production (a replacement on every plan otherwise)", () => {
  // Provider v5.14.0: Optional, not Computed, RequiresReplace (workers_custom_domain/schema.go:44-49).
  const domain = only("cloudflare_workers_custom_domain");
  expect(domain).not.toHaveProperty("environment");
  expect(domain.lifecycle).toEqual({ ignore_changes: ["environment"] });
  expect(resourcesOf(json, "cloudflare_workers_custom_domain").map(([id]) => id)).toEqual(["MtaSts_CustomDomain_69424F61"]);
});

test("TLS-RPT and the inbound MX records are published", () => {
  expect(record("_smtp._tls.example.com", "TXT").map((r) => r.content)).toEqual(['"v=TLSRPTv1; rua=mailto:tls-reports@example.com"']);
  expect(record("example.com", "MX").map((r) => [r.content, r.priority])).toEqual([
    ["mx1.example.net", 10],
    ["mx2.example.net", 20],
  ]);
});

test("every non-sending name gets null MX, v=spf1 -all and DMARC reject", () => {
  for (const name of ["old.example.com", "chat.example.com"]) {
    expect(record(name, "MX")).toEqual([expect.objectContaining({ content: ".", priority: 0 })]);
    expect(record(name, "TXT").map((r) => r.content)).toEqual(['"v=spf1 -all"']);
    expect(String(record(`_dmarc.${name}`, "TXT")[0]?.content)).toMatch(
      /^"v=DMARC1; p=reject; sp=reject; adkim=s; aspf=s; rua=mailto:dmarc-reports@example\.com/,
    );
  }
});

test("bounces and complaints go from the configuration set to an SNS topic", () => {
  expect(only("aws_sesv2_configuration_set")).toMatchObject({
    configuration_set_name: "opsbot-production",
    suppression_options: { suppressed_reasons: ["BOUNCE", "COMPLAINT"] },
  });
  const dest = only("aws_sesv2_configuration_set_event_destination");
  expect(dest).toMatchObject({
    event_destination_name: "bounces-and-complaints",
    event_destination: {
      enabled: true,
      matching_event_types: expect.arrayContaining(["BOUNCE", "COMPLAINT"]),
      sns_destination: { topic_arn: expect.stringMatching(/^\$\{aws_sns_topic\.Ses_FeedbackTopic_[A-Z0-9]+\.arn\}$/) },
    },
  });
  expect(only("aws_sns_topic")).toMatchObject({ name: "opsbot-production-ses-feedback" });
  expect(only("aws_sns_topic_subscription")).toMatchObject({ protocol: "email", endpoint: "ops-alerts@example.com" });
});

test("the feedback topic lets SES publish, only for this configuration set, before the destination exists, and refuses plain HTTP", () => {
  const topicRef = /^\$\{aws_sns_topic\.Ses_FeedbackTopic_[A-Z0-9]+\.arn\}$/;
  const policy = only("aws_sns_topic_policy");
  expect(policy.arn).toMatch(topicRef);
  expect(JSON.parse(String(policy.policy))).toEqual({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "SesPublishesFeedback",
        Effect: "Allow",
        Principal: { Service: "ses.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: expect.stringMatching(topicRef),
        Condition: {
          StringEquals: {
            "AWS:SourceArn": expect.stringMatching(/^\$\{aws_sesv2_configuration_set\.Ses_ConfigurationSet_[A-Z0-9]+\.arn\}$/),
          },
        },
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:*",
        Resource: policy.arn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });
  const policyId = resourcesOf(json, "aws_sns_topic_policy")[0]?.[0];
  expect(only("aws_sesv2_configuration_set_event_destination").depends_on).toEqual([`aws_sns_topic_policy.${policyId}`]);
});

test("long TXT values (a 2048-bit DKIM key) are split into strings of at most 255 characters", () => {
  const dkim = record("google._domainkey.example.com", "TXT")[0]?.content;
  const strings = String(dkim).match(/"((?:[^"\\]|\\.)*)"/g) ?? [];
  expect(strings.length).toBeGreaterThan(1);
  for (const s of strings) expect(s.length - 2).toBeLessThanOrEqual(255);
});

test("every DNS record is DNS-only and looks the zone up by name when no zone id is configured", () => {
  for (const r of records()) expect(r).toMatchObject({ proxied: false, zone_id: "${data.cloudflare_zone.Zone.id}" });
  expect(json.data?.cloudflare_zone?.Zone).toMatchObject({ filter: { name: "example.com" } });
});

test("an adopted zone id is used directly, without a data source", () => {
  const j = synthKind(exampleConfig([[["cloudflare", "zone", "id"], "fedcba9876543210fedcba9876543210"]]), "email");
  expect(j.data?.cloudflare_zone).toBeUndefined();
  for (const r of records(j)) expect(r.zone_id).toBe("fedcba9876543210fedcba9876543210");
});

test("the AWS provider uses the SES region, is pinned to the account and tagged, and holds no credentials", () => {
  expect(json.provider?.aws).toEqual([
    {
      region: "eu-west-1",
      allowed_account_ids: ["111111111111"],
      default_tags: [{ tags: { app: "opsbot", environment: "production", "managed-by": "golive", "golive:scope": "opsbot/production" } }],
    },
  ]);
});

test("no email stack is built when the config has no email section", () => {
  const stacks = buildEnvironmentStacks(Testing.app(), exampleConfig([[["email"], undefined]]));
  expect(stacks.map((s) => s.node.id)).not.toContain("email-production");
});
