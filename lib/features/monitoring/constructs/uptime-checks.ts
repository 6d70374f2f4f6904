import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Construct } from "constructs";
import { clip } from "../../../core/clip";
import type { UptimeCheck } from "../uptime-checks";

export interface UptimeChecksProps {
  readonly checks: readonly UptimeCheck[];
  /** Prefix of each check's Name tag, shown in the Route 53 console: `<app>-<env>`. */
  readonly namePrefix: string;
}

/**
 * Route 53's tag value limit (ChangeTagsForResource, Tag.Value: at most 256 characters); the provider
 * does not check it, so a longer Name fails at apply. A 253-character hostname made a 275-character Name.
 */
const MAX_TAG_VALUE = 256;

/** Renders uptime checks as `aws_route53_health_check`, one per check, construct id = check key. */
export class UptimeChecks extends Construct {
  /** Check key -> health check id (the HealthCheckId dimension of its metrics). */
  readonly healthCheckIds: ReadonlyMap<string, string>;

  constructor(scope: Construct, id: string, props: UptimeChecksProps) {
    super(scope, id);
    const ids = new Map<string, string>();
    for (const c of props.checks) {
      const check = new Route53HealthCheck(this, c.key, {
        type: c.type,
        fqdn: c.fqdn,
        ...(c.ipAddress ? { ipAddress: c.ipAddress } : {}),
        port: c.port,
        resourcePath: c.resourcePath,
        requestInterval: c.requestInterval,
        failureThreshold: c.failureThreshold,
        enableSni: c.enableSni,
        measureLatency: c.measureLatency,
        tags: {
          Name: clip(`${props.namePrefix} ${c.target} ${c.fqdn}`, MAX_TAG_VALUE),
          "golive:hostname": c.hostname,
          "golive:target": c.target,
        },
      });
      ids.set(c.key, check.id);
    }
    this.healthCheckIds = ids;
  }
}
