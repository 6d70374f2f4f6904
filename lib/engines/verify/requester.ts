import { Agent } from "node:https";
import { type HttpTarget, probeHttp } from "./probe/http";

/** What varies per request; everything else comes from the options. */
export type RequestSpec = Pick<HttpTarget, "scheme" | "path"> &
  Partial<Pick<HttpTarget, "method" | "headers" | "verifyCertificate" | "keepBody" | "anyTls">>;
export type Requester = (host: string, address: string, spec: RequestSpec) => ReturnType<typeof probeHttp>;

/** The options every request shares. */
export interface RequesterOptions {
  readonly httpsPort: number;
  readonly httpPort: number;
  readonly timeoutMs: number;
}

export function requester(o: RequesterOptions, agent?: Agent): Requester {
  return (host, address, spec) =>
    probeHttp({
      ...(agent === undefined ? {} : { agent }),
      ...spec,
      host,
      address,
      port: spec.scheme === "https" ? o.httpsPort : o.httpPort,
      timeoutMs: o.timeoutMs,
    });
}

/** One connection reused for every request, as a browser or chat client keeps it. */
export function keptAlive(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 1 });
}
