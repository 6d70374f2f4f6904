import type {
  CheckResult,
  DnsObservation,
  ExpectedRecord,
  HttpObservation,
  LegacyTlsObservation,
  RecordKind,
  TlsObservation,
} from "../core/verify/types";

/**
 * The live checks a concern contributes to `golive verify`: the engine (lib/engines/verify) owns the
 * sockets, ports, timeouts, trusted CAs and the resolver; a concern says what to request and how to
 * judge the answer.
 */

/** Upper bound on latency samples: verify is a probe, not a load test. */
export const MAX_SAMPLES = 200;

/**
 * The bar a chat request must meet at the 95th percentile, in ms: the timed request's `p95BarMs` when
 * neither `--p95-bar-ms` nor `monitoring.latency.p95Ms` names another.
 */
export const P95_BAR_MS = 500;

/** Where the CLI reads the Access service token: the environment only, never argv, never printed. */
export const ACCESS_TOKEN_ENV = { clientId: "GOLIVE_ACCESS_CLIENT_ID", clientSecret: "GOLIVE_ACCESS_CLIENT_SECRET" } as const;

/** A Cloudflare Access service token: lets a machine through Access without a login. */
export interface AccessServiceToken {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** One request or query `golive verify` would send, and what it proves: what `--dry-run` lists. */
export interface PlannedProbe {
  readonly check: string;
  readonly target: string;
  readonly proves: string;
}

/** The inputs a concern may refuse before verify plans anything (`Feature.refusedProbeInputs`). */
export type CheckedProbeInputs = Pick<ProbeInputs, "healthPath">;

/** An input of verify no probe can use as given, and why (one line): verify refuses it as a usage error. */
export interface RefusedProbeInput {
  readonly input: keyof CheckedProbeInputs;
  readonly problem: string;
}

/** What verify knows besides the config, the same for a dry run and a real one. */
export interface ProbeInputs {
  /** `--health-path`: replaces the timed path. */
  readonly healthPath?: string;
  /** TXT, MX and CNAME records of the environment's synthesized stacks (lib/engines/verify/synth-records.ts). */
  readonly expected: readonly ExpectedRecord[];
  /** Latency samples, 1..MAX_SAMPLES. */
  readonly samples: number;
  /** p95 bar of the timed request, in ms (the launch bar is P95_BAR_MS). */
  readonly p95BarMs: number;
  /** An Access service token is set (never the token itself: a dry run does not need it). */
  readonly hasAccessToken: boolean;
}

/**
 * A name's first address, or why there is none to probe. `code`: the DNS answer's code (ENODATA: no A or
 * AAAA record; ENOTFOUND, SERVFAIL...: the lookup's), absent when the name resolved to an address
 * --loopback-only refuses to probe.
 */
export type Resolution = { readonly address: string } | { readonly error: string; readonly code?: string };

/** What varies per request; ports and the timeout are the engine's. */
export interface RequestSpec {
  readonly scheme: "http" | "https";
  readonly path: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Refuse the connection unless the certificate is trusted (these CAs; the system roots when absent)
   * and valid for the host: set when the request carries a credential.
   */
  readonly verifyCertificate?: { readonly ca?: readonly string[] };
  /** Keep the whole body (at most 64 KiB) in the observation's `body`: a file the probe parses. */
  readonly keepBody?: boolean;
  /**
   * Offer every TLS version from 1.0 and every cipher, as Cloudflare does to an origin
   * (developers.cloudflare.com/ssl/origin-configuration/cipher-suites/): an origin on TLS 1.0 only is
   * reached and judged on its answer. Never with `verifyCertificate`.
   */
  readonly anyTls?: boolean;
}

/** A handshake without a client certificate: completed, or the error (OpenSSL's code) that ended it. */
export type HandshakeObservation =
  | { readonly completed: true; readonly protocol?: string }
  /** keysAgreed: the handshake got as far as agreeing keys before the refusal (Node's 'keylog' event). */
  | { readonly completed: false; readonly error: string; readonly keysAgreed?: boolean };

/** One request to `host` (sent as Host and SNI) at `address`; never rejects: errors are in the observation. */
export type Requester = (host: string, address: string, spec: RequestSpec) => Promise<HttpObservation>;

/** Sequential requests over one kept-alive connection, as a browser or chat client keeps it. */
export interface ProbeConnection {
  readonly get: Requester;
  /** Ends the connection; call it when the last request is answered. */
  close(): void;
}

/** The network and the settings of one verify run, as the probes see them. */
export interface ProbeRun {
  resolve(name: string): Promise<Resolution>;
  records(name: string, type: RecordKind): Promise<DnsObservation>;
  /** One request over a fresh connection. */
  readonly get: Requester;
  connection(): ProbeConnection;
  /** A full handshake with the normal client settings, on the HTTPS port. */
  tls(host: string, address: string): Promise<TlsObservation>;
  /** A handshake offering only TLS 1.1 or older, on the HTTPS port. */
  legacyTls(host: string, address: string): Promise<LegacyTlsObservation>;
  /**
   * A handshake on the HTTPS port offering every TLS version and cipher and no client certificate:
   * whether the origin demands one. Absent where no origin is called (a run of other probes).
   */
  openHandshake?(host: string, address: string): Promise<HandshakeObservation>;
  /** Certificates must stay valid longer than this many days. */
  readonly minCertDays: number;
  readonly now: Date;
  /** HTTPS is served on another port than 443 (tests): a Location's port is not compared. */
  readonly ignorePort: boolean;
  /** Trusted CAs (system roots plus `--ca-file`); the system roots when absent. */
  readonly ca?: readonly string[];
  /** Sent only by the timed probe and release.reachable, only to a hostname behind Access, only over a verified connection. */
  readonly accessToken?: AccessServiceToken;
}

/** The timed request's figures, in the report whether or not it was measured. */
export interface LatencySummary {
  readonly samples: number;
  /** Requests that failed or timed out; they count as slower than any answer. */
  readonly errors: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly maxMs: number | null;
}

/** The summary when nothing was timed. */
export const NO_LATENCY: LatencySummary = { samples: 0, errors: 0, p50Ms: null, p95Ms: null, maxMs: null };

export interface ProbeOutcome {
  readonly results: readonly CheckResult[];
  /** Set by the timed probe. */
  readonly latency?: LatencySummary;
}

/** A group of probes run together; groups run one after another, in registry order. */
export interface ProbeSet {
  /** Every probe of the group, in the order it sends them. */
  readonly planned: readonly PlannedProbe[];
  run(net: ProbeRun): Promise<ProbeOutcome>;
  /** Run last and alone, so the other probes do not skew it. */
  readonly timed?: boolean;
}

/** The after-apply values a record still waits for, such as `dkim_tokens[0]` (empty when it waits for none). */
export function pendingValues(record: ExpectedRecord): string[] {
  return record.value === undefined ? [...record.name.matchAll(/<([a-z][a-z0-9_]*\[\d+\])>/g)].map((m) => m[1] ?? "") : [];
}
