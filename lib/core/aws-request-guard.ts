import { endpointProblem } from "./endpoint";
import { field, isRecord, num, str } from "./json";

/**
 * What became of one HTTP attempt of an AWS call: never left this machine (refused here, or no
 * connection was made), rejected by the service (a 4xx answer: nothing was done), or delivered (any
 * other answer, or a failure once the request may have gone out: the call may have taken effect).
 */
export type AttemptFate = "not-sent" | "rejected" | "delivered";

/** Where the AWS SDK takes an endpoint from when golive names none (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html). */
export const SDK_ENDPOINT_SOURCES = "AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, or endpoint_url in the shared AWS config file";

/** The request was about to go to an endpoint that is neither https nor loopback http; it was not sent. */
export class InsecureEndpointError extends Error {
  constructor(
    readonly endpoint: string,
    readonly problem: string,
  ) {
    super(`refused the endpoint the AWS SDK chose (set by ${SDK_ENDPOINT_SOURCES}): ${problem}; the request was not sent`);
    this.name = "InsecureEndpointError";
  }
}

/** Socket errors raised before a connection existed: the request cannot have reached anyone. */
const NOT_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

/** `https://host:port` of an SDK HttpRequest (protocol, hostname, port), undefined when it is not one. */
function requestOrigin(request: unknown): string | undefined {
  const protocol = str(field(request, "protocol"));
  const hostname = str(field(request, "hostname"));
  if (protocol === undefined || hostname === undefined) return undefined;
  const port = num(field(request, "port"));
  const host = hostname.includes(":") && !hostname.startsWith("[") ? `[${hostname}]` : hostname;
  return `${protocol.endsWith(":") ? protocol : `${protocol}:`}//${host}${port === undefined ? "" : `:${port}`}`;
}

/**
 * Node's refusals while building a request, before any socket is opened: a header value or name it
 * cannot carry (a credential holding a line break or a non-Latin-1 character), a path with unescaped
 * characters, a URL it cannot parse. The request never left this machine.
 */
export const REQUEST_NOT_BUILT: ReadonlySet<string> = new Set([
  "ERR_INVALID_CHAR",
  "ERR_INVALID_HTTP_TOKEN",
  "ERR_HTTP_INVALID_HEADER_VALUE",
  "ERR_UNESCAPED_CHARACTERS",
  "ERR_INVALID_URL",
]);

function fateOfError(err: unknown): AttemptFate {
  const code = str(field(err, "code"));
  if (code !== undefined && (NOT_CONNECTED.has(code) || REQUEST_NOT_BUILT.has(code))) return "not-sent";
  // node-http-handler's connection timeout: the socket never connected (it sets no code).
  if (err instanceof Error && err.message.includes("did not establish a connection")) return "not-sent";
  return "delivered";
}

/**
 * `err` as an Error of this realm. The SDK's retry keeps only the text of a thrown value that is not
 * `instanceof Error` (asSdkError in @smithy/core/retry), losing its name and code, and a socket error
 * made by Node's own `http` is not one inside a test runner's sandbox (another realm).
 */
function ownRealmError(err: unknown): unknown {
  if (err instanceof Error || !isRecord(err)) return err;
  const code = str(field(err, "code"));
  return Object.assign(new Error(str(field(err, "message")) ?? ""), {
    name: str(field(err, "name")) ?? "Error",
    ...(code === undefined ? {} : { code }),
  });
}

function fateOfResponse(out: unknown): AttemptFate {
  const status = num(field(field(out, "response"), "statusCode"));
  return status !== undefined && status >= 400 && status < 500 ? "rejected" : "delivered";
}

/** A middleware that sees each attempt's final request and passes it on unchanged. */
type Guard = <A extends { readonly request: unknown }, R>(next: (args: A) => Promise<R>) => (args: A) => Promise<R>;

/** The part of an AWS SDK v3 client this guard uses (its middleware stack). */
export interface GuardableClient {
  readonly middlewareStack: {
    add(middleware: Guard, options: { step: "deserialize"; priority: "low"; name: string; override: boolean }): void;
  };
}

/**
 * Makes `client` refuse, before each attempt is sent, any endpoint that is not https (plain http only
 * to loopback), wherever the SDK took it from: golive's own --endpoint is judged earlier, but the SDK
 * also reads AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL and endpoint_url in the shared config file
 * (and its services sections), which would otherwise send a signed request, and a secret, in the clear.
 * The check runs as the innermost middleware (deserialize step, low priority: between the SDK's
 * deserializer and the HTTP handler), so it sees the final, signed request of every retry.
 * `onAttempt` learns what became of each attempt (a write's outcome is unknown once one was delivered).
 */
export function guardAwsClient(client: GuardableClient, onAttempt: (fate: AttemptFate) => void = () => {}): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const origin = requestOrigin(args.request);
      const problem = origin === undefined ? "the request has no URL" : endpointProblem(origin);
      if (problem !== undefined) throw new InsecureEndpointError(origin ?? "(none)", problem);
      let out: Awaited<ReturnType<typeof next>>;
      try {
        out = await next(args);
      } catch (err) {
        onAttempt(fateOfError(err));
        throw ownRealmError(err);
      }
      onAttempt(fateOfResponse(out));
      return out;
    },
    { step: "deserialize", priority: "low", name: "goliveEndpointGuard", override: true },
  );
}

/**
 * Request bounds for an AWS client: a connection must be made, and an answer must arrive, within
 * `timeoutMs` (node-http-handler only logs a breached requestTimeout unless throwOnRequestTimeout is
 * set; socketTimeout bounds a silent connection too); two attempts in all (the SDK's default is three).
 * The handler's socket-exhaustion warning timer (default: connectionTimeout + requestTimeout) is left
 * running when Node refuses to build a request (REQUEST_NOT_BUILT), keeping the process alive 20 s
 * after the failure was reported; golive sends one request at a time, so that check has nothing to
 * find and runs at once instead.
 */
export function boundedRequests(timeoutMs: number): {
  maxAttempts: number;
  requestHandler: {
    connectionTimeout: number;
    requestTimeout: number;
    socketTimeout: number;
    throwOnRequestTimeout: boolean;
    socketAcquisitionWarningTimeout: number;
  };
} {
  return {
    maxAttempts: 2,
    requestHandler: {
      connectionTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      throwOnRequestTimeout: true,
      socketAcquisitionWarningTimeout: 0,
    },
  };
}
