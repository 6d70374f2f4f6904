import { type ClientRequest, request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { type Agent, request as httpsRequest } from "node:https";
import type { HttpObservation, MalformedField, SingletonField } from "../../../core/verify/types";
import { errorCode } from "../../../core/error-code";
import { trustFor } from "../../../core/tls-trust";
import { clip } from "../../../core/clip";
import { quoted } from "../../../core/verify/quoted";
import { ANY_TLS } from "./tls";

export interface HttpTarget {
  readonly scheme: "http" | "https";
  /** Hostname users type: sent as Host and SNI. */
  readonly host: string;
  /** Where to connect: the address the resolver gave. */
  readonly address: string;
  readonly port: number;
  readonly path: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Reuse connections (latency samples); a fresh connection per request otherwise. */
  readonly agent?: Agent;
  /**
   * Refuse the connection unless the certificate is trusted (these CAs; the system roots when absent)
   * and valid for `host`: set when the request carries a credential, which must never reach whoever
   * answers at a spoofed address. Unset, certificate problems are the TLS checks' finding.
   */
  readonly verifyCertificate?: { readonly ca?: readonly string[] };
  /** Keep the whole body read (at most MAX_BODY_BYTES) in the observation's `body`, not only its first bytes. */
  readonly keepBody?: boolean;
  /** Offer every TLS version from 1.0 and every cipher (ANY_TLS): an origin Cloudflare reaches is reached. */
  readonly anyTls?: boolean;
}

/** Bytes of body kept for the report; the rest is not read. */
const SNIPPET_BYTES = 200;
/** Bytes of body read at most: enough to tell "data" from "empty", bounded for slow or huge answers. */
const MAX_BODY_BYTES = 64 * 1024;

function defaultPort(scheme: HttpTarget["scheme"]): number {
  return scheme === "https" ? 443 : 80;
}

export function displayUrl(t: Pick<HttpTarget, "scheme" | "host" | "port" | "path">): string {
  const port = t.port === defaultPort(t.scheme) ? "" : `:${t.port}`;
  return `${t.scheme}://${t.host}${port}${t.path}`;
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/**
 * Fields verify reads that a response carries once (RFC 9110 5.3: a field that is no list must not be
 * repeated), each with what a second, different value does. Node keeps the first and drops the others
 * (message.headers: "Duplicates of ... location ... are discarded"), so verify judged the first alone.
 */
const SINGLETON_FIELDS: ReadonlyMap<SingletonField, { readonly name: string; readonly why: string }> = new Map([
  [
    "location",
    {
      name: "Location",
      why: "RFC 9110 10.2.2 allows one URI, and browsers refuse such a response (Chromium: ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION)",
    },
  ],
  [
    "content-type",
    {
      name: "Content-Type",
      why: "RFC 9110 8.3 allows one media type, and clients disagree on which counts (Node reads the first, a browser's Fetch the last)",
    },
  ],
]);

const FIELD_NAMES: readonly SingletonField[] = [...SINGLETON_FIELDS.keys()];

/** Longest value a conflict quotes: enough to tell the values apart. */
const MAX_SHOWN_VALUE = 120;

/** The singleton fields `res` gives with different values (from res.rawHeaders), each named with its values. */
function conflictingFields(res: IncomingMessage): MalformedField[] {
  const values = new Map<SingletonField, string[]>();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    const name = (res.rawHeaders[i] as string).toLowerCase();
    const field = FIELD_NAMES.find((f) => f === name);
    if (field !== undefined) values.set(field, [...(values.get(field) ?? []), (res.rawHeaders[i + 1] as string).trim()]);
  }
  const out: MalformedField[] = [];
  for (const [field, given] of values) {
    const distinct = [...new Set(given)];
    const known = SINGLETON_FIELDS.get(field);
    if (distinct.length < 2 || known === undefined) continue;
    // Server text, quoted: credentials masked before it is escaped (an escaped one no longer matches).
    const shown = distinct.map((v) => quoted(clip(v, MAX_SHOWN_VALUE))).join(", ");
    out.push({
      field,
      detail: `${given.length} ${known.name} headers of different values (${shown}), no answer a client can read as one: ${known.why}`,
    });
  }
  return out;
}

/** One request, never following redirects, bounded in time and body size. Never rejects. */
export function probeHttp(t: HttpTarget): Promise<HttpObservation> {
  const method = t.method ?? "GET";
  const url = displayUrl(t);
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (obs: Omit<HttpObservation, "url" | "method" | "elapsedMs">): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ url, method, elapsedMs: performance.now() - started, ...obs });
    };
    const failed = (err: unknown): void => finish({ headers: {}, bodyBytes: 0, bodySnippet: "", error: errorCode(err) });
    const options = {
      host: t.address,
      port: t.port,
      path: t.path,
      method,
      headers: { Host: t.host, "User-Agent": "golive-verify", ...t.headers },
    };
    const onResponse = (res: IncomingMessage): void => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      let kept = 0;
      const keep = t.keepBody ? MAX_BODY_BYTES : SNIPPET_BYTES;
      const done = (): void => {
        const body = Buffer.concat(chunks);
        const malformed = conflictingFields(res);
        finish({
          // An answer with conflicting singleton fields keeps its status: each check decides whether the
          // field it reads makes the answer unreadable (malformedAnswer), the server having answered.
          status: res.statusCode,
          ...(malformed.length === 0 ? {} : { malformed }),
          headers: flatHeaders(res),
          bodyBytes: bytes,
          bodySnippet: body.subarray(0, SNIPPET_BYTES).toString("utf8"),
          ...(t.keepBody ? { body: body.subarray(0, MAX_BODY_BYTES).toString("utf8") } : {}),
        });
        res.destroy();
      };
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (kept < keep) {
          chunks.push(chunk);
          kept += chunk.length;
        }
        if (bytes >= MAX_BODY_BYTES) done();
      });
      res.once("end", done);
      res.on("error", done);
      res.once("close", done);
    };
    // Node checks the path and every header while building the request and throws on one it cannot
    // send (a space in the path, a line break in a header value: ERR_UNESCAPED_CHARACTERS,
    // ERR_INVALID_CHAR). That is this probe's failure, not the whole run's: nothing was sent.
    let req: ClientRequest;
    try {
      req = buildRequest(t, options, onResponse);
    } catch (err) {
      failed(err);
      return;
    }
    timer = setTimeout(() => req.destroy(new Error(`timeout after ${t.timeoutMs} ms`)), t.timeoutMs);
    req.on("error", failed);
    req.end();
  });
}

/** The request of `t`, not yet sent; throws when Node refuses its path or a header. */
function buildRequest(t: HttpTarget, options: RequestOptions, onResponse: (res: IncomingMessage) => void): ClientRequest {
  return t.scheme === "https"
    ? httpsRequest(
        {
          ...options,
          servername: t.host,
          // Certificate problems are the TLS checks' finding (probe/tls.ts, with the trusted CAs);
          // header and redirect checks still run, so no CA list is needed here, unless the request
          // carries a credential: then Node refuses the handshake before any header is sent.
          rejectUnauthorized: t.verifyCertificate !== undefined,
          ...(t.verifyCertificate?.ca === undefined ? {} : { secureContext: trustFor(t.verifyCertificate.ca) }),
          ...(t.anyTls ? ANY_TLS : {}),
          agent: t.agent ?? false,
        },
        onResponse,
      )
    : httpRequest({ ...options, agent: false }, onResponse);
}
