import type { AppConfig } from "../../config/schema";
import type { ProbeInputs, ProbeSet } from "../../platform/probes";
import { latencyProbe, latencySkipReason } from "./latency-probe";
import { sampleLatency } from "./latency-sample";

/** Monitoring's live check: p95 latency of a chat-like request, timed last and alone. */
export function monitoringProbes(cfg: AppConfig, inputs: ProbeInputs): ProbeSet[] {
  const probe = latencyProbe(cfg, inputs.healthPath);
  const { samples, p95BarMs } = inputs;
  const skipped = latencySkipReason(probe, inputs.hasAccessToken);
  const token = probe.protected ? ", with the Access service token (CF-Access-Client-Id/-Secret headers)" : "";
  const planned = {
    check: "latency.p95",
    target: `GET https://${probe.host}${probe.path} x ${samples}`,
    proves:
      skipped === undefined
        ? `p95 <= ${p95BarMs} ms${token}, over 2xx answers only; any redirect (the Access login, an app login) fails it`
        : `SKIPPED: ${skipped}`,
  };
  return [
    {
      planned: [planned],
      timed: true,
      async run(net) {
        const { result, summary } = await sampleLatency(probe, net, { samples, p95BarMs });
        return { results: [result], latency: summary };
      },
    },
  ];
}
