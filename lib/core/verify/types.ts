/** Shapes shared by the verify planner, probes and evaluators. Plain data only. */

export type CheckStatus = "pass" | "fail" | "skip";

/** One verdict: which check, on what (host, URL or record), and why. */
export interface CheckResult {
  /** Stable check id, such as `tls.version` or `headers.hsts`. */
  readonly check: string;
  /** What was probed: a hostname, a URL or `TXT _dmarc.example.com`. */
  readonly target: string;
  readonly status: CheckStatus;
  /** What was seen, and for failures what was expected. */
  readonly detail: string;
}

/** Result of a full TLS handshake with the normal client settings. */
export interface TlsObservation {
  readonly host: string;
  /** Set when no handshake happened at all (refused, reset, timeout). */
  readonly error?: string;
  /** Negotiated protocol, e.g. `TLSv1.3`. */
  readonly protocol?: string;
  /** Whether the chain verified against the CA bundle and the name matched. */
  readonly authorized?: boolean;
  readonly authorizationError?: string;
  /** Certificate `notAfter`, ISO 8601. */
  readonly validTo?: string;
  readonly issuer?: string;
  /** The leaf's DNS names (subjectAltName), as served: what a name mismatch was issued for. */
  readonly names?: readonly string[];
  /**
   * Every certificate of the chain the handshake built, leaf first, up to the self-issued root: the
   * chain stops verifying when the first of them expires, whatever the leaf's date.
   */
  readonly chain?: readonly ChainCertificate[];
}

/** One certificate of a served chain: its subject's name (CN, else O) and its `notAfter`, ISO 8601. */
export interface ChainCertificate {
  readonly name: string;
  readonly validTo?: string;
  /** Its own issuer: the chain's root. */
  readonly selfIssued?: boolean;
}

/** Result of a handshake offering only TLS 1.1 (or older): it should be refused. */
export interface LegacyTlsObservation {
  readonly host: string;
  /** True when the server completed a handshake at the legacy version. */
  readonly accepted: boolean;
  readonly protocol?: string;
  /** The error the handshake ended with, when refused. */
  readonly error?: string;
  /** True when this client could not even offer the old version: the result proves nothing. */
  readonly clientCannotOffer?: boolean;
}

/** Fields verify reads that an answer may carry only once (RFC 9110 5.3), by their lower-case names. */
export type SingletonField = "location" | "content-type";

/** A singleton field an answer gives more than once with different values. */
export interface MalformedField {
  readonly field: SingletonField;
  /** How many copies, their values quoted (credentials masked), and what a second value does to clients. */
  readonly detail: string;
}

/** One HTTP exchange as observed: status, lower-cased headers, the first bytes of the body. */
export interface HttpObservation {
  readonly url: string;
  readonly method: string;
  /** Absent when no answer came (refused, reset, timed out): then `error` says why. */
  readonly status?: number;
  /** Lower-cased names; a field given twice holds its first value (Node's message.headers). */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Singleton fields the answer gives twice with different values, each named with its values: the
   * status and headers are kept, and each check decides whether the field it reads makes the answer
   * unreadable (a redirect's Location) or not (a refusal's Content-Type). Absent when none.
   */
  readonly malformed?: readonly MalformedField[];
  /** Body length in bytes (as read, bounded). */
  readonly bodyBytes: number;
  /** First bytes of the body, for reports; never the whole body. */
  readonly bodySnippet: string;
  /** The whole body read (at most 64 KiB), only when the request asked for it (a file verify parses). */
  readonly body?: string;
  readonly elapsedMs: number;
  readonly error?: string;
}

export type RecordKind = "TXT" | "MX" | "CNAME";

/** A record the synthesized stacks declare, as the resolver should return it. */
export interface ExpectedRecord {
  readonly stack: string;
  /** Fully qualified name, lower-case, no trailing dot. */
  readonly name: string;
  readonly type: RecordKind;
  /** Unquoted TXT value, MX exchange or CNAME target; undefined when known only after apply. */
  readonly value?: string;
  readonly priority?: number;
}

/** What a resolver returned for one name and type. */
export interface DnsObservation {
  readonly name: string;
  readonly type: RecordKind;
  /** TXT values (chunks joined), MX exchanges or CNAME targets, lower-cased where DNS is case-blind. */
  readonly values: readonly { readonly value: string; readonly priority?: number }[];
  /** `ENOTFOUND`/`ENODATA` and the like; absent on success. */
  readonly error?: string;
}

export interface RedirectProbe {
  readonly check: "redirect.canonical" | "redirect.config";
  readonly host: string;
  /** Path requested: below the source prefix, so path preservation shows. */
  readonly path: string;
  readonly expectedStatus: 301 | 308;
  /** Absolute https URL the Location header must name. */
  readonly expectedLocation: string;
}

export interface PathProbe {
  readonly host: string;
  readonly path: string;
  readonly protected: boolean;
}
