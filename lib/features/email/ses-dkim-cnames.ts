import { type EnvView, referencedAddresses, type SynthResource } from "../../core/readiness/model";
import { bool, str } from "../../core/readiness/values";
import { awsRegionOf } from "../../core/readiness/aws-region";
import { recordType } from "../edge/resources";
import { SES_DKIM_TOKEN_COUNT } from "./model";
import { SES_DKIM_DOMAINS } from "./schema";

/**
 * The Easy DKIM CNAMEs of an SES domain identity, as synthesized: `<token>._domainkey.<domain>` CNAME
 * `<token>.<DKIM domain of the region>`, the token a Terraform reference to the identity's tokens
 * (`${element(aws_sesv2_email_identity.X.dkim_signing_attributes[0].tokens, 0)}`, as SesDkimRecords
 * writes it; `...tokens[0]` and the v1 `aws_ses_domain_dkim.X.dkim_tokens` read the same). With Easy
 * DKIM "Amazon SES tries to find three unique CNAME records in the DNS configuration for your domain"
 * (docs.aws.amazon.com/ses/latest/APIReference-V2/API_DkimAttributes.html): any other `_domainkey`
 * record (another sender's key from email.extraDkim) does not make SES sign.
 */

/** A reference to one token: the list expression's resource address and the token's index. */
interface TokenRef {
  readonly address: string;
  readonly index: number;
  /** What follows the interpolation: `._domainkey.example.com` or `.dkim.amazonses.com`. */
  readonly rest: string;
}

const ADDRESS = String.raw`(aws_sesv2_email_identity\.[A-Za-z0-9_-]+)\.dkim_signing_attributes(?:\[0\]|\.0)\.tokens|(aws_ses_domain_dkim\.[A-Za-z0-9_-]+)\.dkim_tokens`;
const ELEMENT_RE = new RegExp(String.raw`^element\(\s*(?:${ADDRESS})\s*,\s*(\d+)\s*\)$`);
const INDEX_RE = new RegExp(String.raw`^(?:${ADDRESS})\[(\d+)\]$`);

/** The token a value starts with, when it is `${<reference to a token>}<rest>`. */
export function tokenRef(value: string): TokenRef | undefined {
  const m = /^\$\{([^{}]+)\}(.*)$/s.exec(value);
  if (!m) return undefined;
  const expression = (m[1] ?? "").trim();
  const rest = m[2] ?? "";
  const element = ELEMENT_RE.exec(expression);
  // element() wraps around the list's length (developer.hashicorp.com/terraform/language/functions/element).
  if (element) return { address: element[1] ?? element[2] ?? "", index: Number(element[3]) % SES_DKIM_TOKEN_COUNT, rest };
  const indexed = INDEX_RE.exec(expression);
  const index = Number(indexed?.[3]);
  return indexed && index < SES_DKIM_TOKEN_COUNT ? { address: indexed[1] ?? indexed[2] ?? "", index, rest } : undefined;
}

const normalName = (s: string) => s.toLowerCase().replace(/\.$/, "");

/** The resources whose tokens are the identity's: itself (v2), or its aws_ses_domain_dkim (v1). */
function tokenSources(view: EnvView, identity: SynthResource, domain: string): Set<string> {
  const sources = new Set([identity.address]);
  for (const d of view.ofType("aws_ses_domain_dkim")) {
    const named = str(d.attrs.domain) ?? "";
    if (normalName(named) === domain || referencedAddresses(named).has(identity.address)) sources.add(d.address);
  }
  return sources;
}

/** The Easy DKIM domains a CNAME may point at: the identity's region's, or any golive knows when the region is not literal. */
export function dkimDomainsFor(view: EnvView, identity: SynthResource): string[] {
  const region = awsRegionOf(view, identity);
  const known = region !== undefined && Object.hasOwn(SES_DKIM_DOMAINS, region) ? SES_DKIM_DOMAINS[region] : undefined;
  return known !== undefined ? [known] : [...new Set(Object.values(SES_DKIM_DOMAINS))].sort();
}

export interface EasyDkimReading {
  /** Token indexes (0-based) no correct CNAME publishes. */
  readonly missing: readonly number[];
  /** Records named for one of the tokens that SES would not find: wrong type, target or proxied. */
  readonly wrong: readonly { readonly record: SynthResource; readonly index: number; readonly problem: string }[];
  readonly dkimDomains: readonly string[];
}

/** Which of an SES identity's three Easy DKIM CNAMEs the environment publishes, and which are wrong. */
export function easyDkimCnames(view: EnvView, identity: SynthResource, domain: string): EasyDkimReading {
  const sources = tokenSources(view, identity, domain);
  const dkimDomains = dkimDomainsFor(view, identity);
  const published = new Set<number>();
  const wrong: { record: SynthResource; index: number; problem: string }[] = [];
  for (const record of view.ofType("cloudflare_dns_record")) {
    const name = tokenRef(str(record.attrs.name) ?? "");
    if (!name || !sources.has(name.address) || normalName(name.rest) !== `._domainkey.${domain}`) continue;
    const content = tokenRef(str(record.attrs.content) ?? "");
    const target = content && content.address === name.address && content.index === name.index ? normalName(content.rest) : undefined;
    const problem =
      recordType(record) !== "CNAME"
        ? `is a ${str(record.attrs.type) ?? "typeless"} record; Easy DKIM needs a CNAME`
        : target === undefined || !dkimDomains.some((d) => target === `.${d}`)
          ? `does not point at the same token under ${dkimDomains.join(" or ")}`
          : bool(record.attrs.proxied) === true
            ? "is proxied, so Cloudflare answers with its own addresses instead of the CNAME"
            : undefined;
    if (problem === undefined) published.add(name.index);
    else wrong.push({ record, index: name.index, problem });
  }
  const missing = [...Array(SES_DKIM_TOKEN_COUNT).keys()].filter((i) => !published.has(i));
  return { missing, wrong, dkimDomains };
}
