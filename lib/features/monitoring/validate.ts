import { missingAwsAccount } from "../../platform/aws-account";
import { mappedIpv4 } from "../../core/ip-addresses";
import type { AppConfig } from "../../config/schema";
import type { ConfigIssue } from "../../core/issues";
import { redact } from "../../core/redact";
import { idCollisions } from "../../core/collisions";
import { slug } from "../../core/names";
import { publicHostnames } from "./uptime-checks";
import { latencyPathProblem } from "./latency-path";
import { WEBHOOK_URL_MESSAGE } from "./schema";
import { describeRange, type RangeKind, specialRange } from "../../core/ip-ranges";

/** `hooks.slack.com/services/...` or `events.pagerduty.com/...`: a URL pasted where a name belongs. */
const URL_LIKE = /^([a-z0-9-]+\.)+[a-z]{2,}\//i;

function duplicates<T>(items: readonly T[], push: (index: number, firstIndex: number) => void): void {
  const seen = new Map<T, number>();
  items.forEach((item, i) => {
    const first = seen.get(item);
    if (first === undefined) seen.set(item, i);
    else push(i, first);
  });
}

/**
 * Route 53 health checks reach only public addresses: "Route 53 can't check the health of endpoints for
 * which the IP address is in local, private, non-routable, or multicast ranges" (HealthCheckConfig
 * IPAddress, docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html). The
 * documentation ranges pass: the examples use them as placeholder origins. A proxied hostname's
 * origin is edge validation's (lib/features/edge/validate/public-addresses.ts) except the ranges edge
 * lets Cloudflare proxy to: 100::/64, where nothing answers, and the transition ranges (6to4, Teredo),
 * which the same Route 53 page excludes by naming RFC 5735 and RFC 5156; an unproxied one is checked
 * here, as its edge check resolves to it.
 */
const PROXIED_BUT_UNCHECKABLE: readonly RangeKind[] = ["discard", "transition"];

function unreachableOrigins(cfg: AppConfig, checkOrigins: boolean): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  cfg.edge.hostnames.forEach((h, i) => {
    // An IPv4-mapped address is refused as such by edge validation (originFormatProblem).
    const range = mappedIpv4(h.origin) === undefined ? specialRange(h.origin) : undefined;
    if (range === undefined || range.kind === "documentation") return;
    if (h.proxied && !(checkOrigins && PROXIED_BUT_UNCHECKABLE.includes(range.kind))) return;
    issues.push({
      path: ["edge", "hostnames", i, "origin"],
      message: `got "${h.origin}", ${describeRange(range)}, which Route 53 health checks cannot reach (monitoring checks ${h.proxied ? "each origin" : "every edge hostname"}); allowed: a public address${h.proxied ? ", or monitoring.checkOrigins: false" : ""}`,
    });
  });
  return issues;
}

/**
 * The latency hostname is monitored and its path reachable by verify's probe, names are unique, and no
 * webhook URL sits where a secret name belongs.
 */
export function validateMonitoring(cfg: AppConfig): ConfigIssue[] {
  const mon = cfg.monitoring;
  if (!mon) return [];
  const issues: ConfigIssue[] = [...missingAwsAccount(cfg, "monitoring", mon.awsAccountId), ...unreachableOrigins(cfg, mon.checkOrigins)];
  const hostnames = publicHostnames(cfg);
  const edgeHost = cfg.edge.hostnames.find((h) => h.name === mon.latency.hostname);
  if (!hostnames.includes(mon.latency.hostname)) {
    issues.push({
      path: ["monitoring", "latency", "hostname"],
      message: `"${mon.latency.hostname}" is not a public hostname (edge.hostnames or release.hostname); allowed: ${hostnames.join(", ")}`,
    });
  } else if (mon.latency.target === "edge" && edgeHost && !edgeHost.public) {
    issues.push({
      path: ["monitoring", "latency", "target"],
      message: `"edge" on ${edgeHost.name}, which is behind Cloudflare Access: the edge check only sees the login redirect; allowed: "origin", or mark the hostname public`,
    });
  }
  const latencyPath = mon.latency.path;
  const pathProblem = latencyPath === undefined ? undefined : latencyPathProblem(cfg, mon.latency.hostname, latencyPath);
  if (pathProblem !== undefined) issues.push({ path: ["monitoring", "latency", "path"], message: pathProblem });
  if (mon.latency.target === "origin" && !mon.checkOrigins) {
    issues.push({
      path: ["monitoring", "latency", "target"],
      message: `"origin" needs origin checks, but monitoring.checkOrigins is false; allowed: "edge" (on a public hostname) or checkOrigins: true`,
    });
  }
  // Each address is the subscription `email-<slug>`: addresses alike but for case or punctuation share one.
  issues.push(
    ...idCollisions(
      mon.alerts.emails.map((email, i) => ({ id: `email-${slug(email)}`, path: ["monitoring", "alerts", "emails", i], value: email })),
      (id) => `the SNS subscription id ${id}`,
    ),
  );
  // Uptime checks are `edge-<slug of the hostname>`; the release hostname must not take an edge hostname's.
  const release = cfg.release;
  if (release && !cfg.edge.hostnames.some((h) => h.name === release.hostname)) {
    issues.push(
      ...idCollisions(
        [
          ...cfg.edge.hostnames.map((h, i) => ({ id: `edge-${slug(h.name)}`, path: ["edge", "hostnames", i, "name"], value: h.name })),
          { id: `edge-${slug(release.hostname)}`, path: ["release", "hostname"], value: release.hostname },
        ],
        (id) => `the uptime check id ${id}`,
      ).filter((issue) => issue.path[0] === "release"),
    );
  }
  duplicates(
    mon.alerts.webhooks.map((w) => w.name),
    (i, first) =>
      issues.push({
        path: ["monitoring", "alerts", "webhooks", i, "name"],
        message: `"${mon.alerts.webhooks[i]?.name}" is listed twice (also monitoring.alerts.webhooks[${first}].name)`,
      }),
  );
  mon.alerts.webhooks.forEach((w, i) => {
    if (URL_LIKE.test(w.secretName) || redact(w.secretName) !== w.secretName) {
      issues.push({
        path: ["monitoring", "alerts", "webhooks", i, "secretName"],
        message: WEBHOOK_URL_MESSAGE,
      });
    }
  });
  duplicates(mon.cloudflare.sslAlertTypes, (i, first) =>
    issues.push({
      path: ["monitoring", "cloudflare", "sslAlertTypes", i],
      message: `"${mon.cloudflare.sslAlertTypes[i]}" is listed twice (also monitoring.cloudflare.sslAlertTypes[${first}])`,
    }),
  );
  return issues;
}
