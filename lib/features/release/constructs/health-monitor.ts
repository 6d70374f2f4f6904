import { LoadBalancerMonitor } from "@cdktf/provider-cloudflare/lib/load-balancer-monitor";
import { Construct } from "constructs";
import type { MonitorModel } from "../traffic";

export interface HealthMonitorProps {
  readonly accountId: string;
  readonly model: MonitorModel;
}

/**
 * Account-level HTTPS health monitor shared by both colour pools. Every attribute the API fills in
 * with a default is declared: v5 otherwise replans `consecutive_up`/`consecutive_down` and friends
 * on every run (terraform-provider-cloudflare#5676).
 */
export class HealthMonitor extends Construct {
  readonly monitorId: string;

  constructor(scope: Construct, id: string, props: HealthMonitorProps) {
    super(scope, id);
    const m = props.model;
    const resource = new LoadBalancerMonitor(this, "Resource", {
      accountId: props.accountId,
      type: "https",
      method: "GET",
      port: 443,
      path: m.path,
      expectedCodes: m.expectedCodes,
      expectedBody: "",
      interval: m.interval,
      retries: m.retries,
      timeout: m.timeout,
      consecutiveDown: m.consecutiveDown,
      consecutiveUp: m.consecutiveUp,
      allowInsecure: false,
      followRedirects: false,
      header: { Host: [m.hostHeader] },
      description: m.description,
    });
    this.monitorId = resource.id;
  }
}
