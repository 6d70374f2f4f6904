import { checkZoneSetting } from "../resources";
import type { Rule } from "../../../platform/readiness";

export const sslStrict: Rule = {
  id: "GL-EDGE-001",
  title: "SSL mode is Full (strict)",
  severity: "blocker",
  row: "email-domain-ssl",
  explanation:
    "Flexible or Full SSL lets Cloudflare talk to the origin in clear text or accept any origin certificate, so anyone on the path between edge and origin can read chats and tokens.",
  fix: 'Declare cloudflare_zone_setting ssl = "strict" (the edge stack does by default) and give the origin a valid or Origin CA certificate.',
  check: ({ env }) =>
    checkZoneSetting(env, "ssl", (v) => (v === "strict" || v === "origin_pull" ? undefined : `is ${JSON.stringify(v)}, must be "strict"`)),
};
