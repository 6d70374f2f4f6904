import type CloudflareSdk from "cloudflare";
import { field, isRecord, num, str } from "./json";

/**
 * Cloudflare's public API (v4), which every command that calls it uses unless --api-base-url or
 * $CLOUDFLARE_BASE_URL points elsewhere (lib/cli/cloudflare-base-url.ts): a plain string, so the
 * commands' help can name it without loading the SDK.
 * https://developers.cloudflare.com/fundamentals/api/how-to/make-api-calls/
 */
export const DEFAULT_API_BASE_URL = "https://api.cloudflare.com/client/v4";

/** The official SDK's client class (a type only: the SDK itself loads on first use, cloudflareSdk()). */
export type Cloudflare = CloudflareSdk;

/**
 * The official SDK, loaded on first use: its ~800 modules cost about half a second, which only the
 * commands that call the API (preflight, release --now/--watch) should pay, not `--help` or `release status`.
 * (require, not import(): the .ts loader of bin/golive.js resolves require only.)
 */
export function cloudflareSdk(): typeof CloudflareSdk {
  return require("cloudflare") as typeof CloudflareSdk;
}

/** Where and how a command reaches the Cloudflare API. */
export interface CloudflareApiOptions {
  readonly token: string;
  /** The API base URL (a local stand-in in tests; checked by the CLI: https, or http on loopback). */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** Retries of 429/5xx/timeouts, with the SDK's backoff. */
  readonly maxRetries: number;
}

/** How a client reads the answers it gets. */
export interface AnswerChecks {
  /**
   * Every 2xx answer must be Cloudflare's v4 envelope saying it succeeded and holding a `result`; any
   * other (`"success": false`, no `result`, not JSON) fails the call with a CloudflareEnvelopeError.
   * The SDK never checks (SDK 5.2.0: SinglePage reads `body.result || []`, get and edit hand on
   * `result`), so a 200 with `{"success": false, "result": null}` reached callers as null or an empty list.
   * @default false (preflight checks each envelope itself, with its own words: lib/engines/preflight/envelope.ts)
   */
  readonly requireResult?: boolean;
}

/** One of Cloudflare's own errors in an envelope (`errors[]`), as far as the answer gives it. */
export interface CloudflareErrorItem {
  readonly code?: number;
  readonly message?: string;
}

/**
 * A 2xx answer that is not a successful envelope with a result (AnswerChecks.requireResult). It is thrown
 * where the SDK reads the answer, past its retries: like a 4xx, an answer that says it failed is not retried.
 */
export class CloudflareEnvelopeError extends Error {
  constructor(
    readonly status: number,
    readonly problem: string,
    /** Cloudflare's own errors, as the envelope lists them (none when it is no envelope). */
    readonly errors: readonly CloudflareErrorItem[],
  ) {
    super(`the Cloudflare API answered HTTP ${status} ${problem}`);
    this.name = "CloudflareEnvelopeError";
  }
}

/** The response type of the SDK's fetch (node-fetch's on Node). */
type SdkResponse = Awaited<ReturnType<Cloudflare["fetchWithTimeout"]>>;

/**
 * The most golive reads of one answer: 8 MiB. The largest answers it asks for are a page of 1,000 DNS
 * records (preflight; a record's content is at most 2,048 characters for a TXT, so about 3 MiB at worst)
 * and an account's pool list, a zone's load balancers or a page of zones (KBs each, tens to hundreds per
 * account). Without a cap a 720 MB answer took 1.5 GB of memory (the audit's loopback runs) before
 * failing as a "connection" error.
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** What readCapped needs of an answer (node-fetch's Response has it). */
export interface CappedSource {
  readonly body: unknown;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** An answer read up to a cap: its text, past the cap `over`, or why it could not be read at all. */
export type CappedRead = { readonly text: string; readonly over: boolean } | { readonly unreadable: string };

/**
 * The body read up to `cap` bytes; past it, reading stops (the stream is released) and `over` is set.
 * A body that is no stream (another fetch's) is read whole with text() only when its content-length
 * bounds it within the cap; without one it is unreadable, never "" (an empty answer read as valid).
 */
export async function readCapped(response: CappedSource, cap: number): Promise<CappedRead> {
  const { body } = response;
  if (body === null || body === undefined) return { text: "", over: false };
  if (typeof body === "object" && Symbol.asyncIterator in body) {
    const chunks: Buffer[] = [];
    let size = 0;
    // node-fetch's body is a Node stream (async iterable); leaving the loop early destroys it.
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      size += bytes.length;
      if (size > cap) return { text: "", over: true };
      chunks.push(bytes);
    }
    return { text: Buffer.concat(chunks).toString("utf8"), over: false };
  }
  const declared = response.headers.get("content-length");
  const length = declared !== null && /^\d+$/.test(declared.trim()) ? Number(declared) : undefined;
  if (length === undefined) return { unreadable: "with a body golive cannot read (no stream, and no content-length to bound it)" };
  if (length > cap) return { text: "", over: true };
  const text = await response.text();
  return Buffer.byteLength(text) > cap ? { text: "", over: true } : { text, over: false };
}

/** The answer read as JSON for the SDK, or why it fails the call. */
type Checked = { readonly value: unknown } | { readonly failure: CloudflareEnvelopeError };

function errorItems(errors: unknown): CloudflareErrorItem[] {
  return (Array.isArray(errors) ? errors : []).map((e) => {
    const [code, message] = [num(field(e, "code")), str(field(e, "message"))];
    return { ...(code === undefined ? {} : { code }), ...(message === undefined ? {} : { message }) };
  });
}

/** A 2xx answer as AnswerChecks.requireResult reads it: a JSON envelope, not `success: false`, with a `result`. */
function checkEnvelope(status: number, contentType: string | null, text: string): Checked {
  const fails = (problem: string, errors: unknown = undefined): Checked => ({
    failure: new CloudflareEnvelopeError(status, problem, errorItems(errors)),
  });
  const type = contentType?.split(";")[0]?.trim() ?? "";
  if (!type.includes("application/json") && !type.endsWith("+json"))
    return fails(`with a body that is not JSON (content type ${type === "" ? "none" : JSON.stringify(type.slice(0, 60))})`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fails("with a body that is not valid JSON");
  }
  if (!isRecord(body)) return fails("with JSON that is not a Cloudflare API envelope");
  if (body.success === false) return fails("with success: false", body.errors);
  if (body.result === undefined || body.result === null) return fails("with no result", body.errors);
  return { value: body };
}

/** An answer over MAX_ANSWER_BYTES, refused: the callers put their step in front of its message. */
function tooLarge(status: number): CloudflareEnvelopeError {
  return new CloudflareEnvelopeError(
    status,
    `with a body over ${MAX_ANSWER_BYTES / 1024 / 1024} MiB, the most golive reads of one answer; the rest was not read`,
    [],
  );
}

/**
 * `response` with its body already read (`text`): the SDK's own reads of it (json() for a JSON answer,
 * text() else: core.js defaultParseResponse; text() for an error status) get that copy, or the answer's
 * failure. An escape hatch kept here: the SDK's Response type is node-fetch's, which golive does not
 * depend on, so the response is given the two readers rather than rebuilt.
 */
function readOnce(response: SdkResponse, text: string, checked: Checked | undefined): SdkResponse {
  const settle = <T>(read: () => T): Promise<T> => new Promise((resolve) => resolve(read()));
  const failed = () => {
    if (checked !== undefined && "failure" in checked) throw checked.failure;
  };
  return Object.assign(response, {
    text: () =>
      settle(() => {
        failed();
        return text;
      }),
    json: () =>
      settle((): unknown => {
        failed();
        return checked !== undefined && "value" in checked ? checked.value : JSON.parse(text);
      }),
  });
}

/**
 * The official SDK's client with exactly this token: the SDK never mixes in CLOUDFLARE_API_KEY/EMAIL
 * from the process. Each answer's body is read where the SDK fetches it (fetchWithTimeout), within
 * the attempt's timeout, so the timeout bounds the whole answer and `checks` apply to every call,
 * lists and retries included; at most MAX_ANSWER_BYTES of it are read.
 */
export function cloudflareClient(o: CloudflareApiOptions, checks: AnswerChecks = {}): Cloudflare {
  const Sdk = cloudflareSdk();
  class Client extends Sdk {
    override async fetchWithTimeout(...args: Parameters<Cloudflare["fetchWithTimeout"]>): Promise<SdkResponse> {
      const [, , ms, controller] = args;
      // The SDK clears its own timer once the headers arrive (core.js fetchWithTimeout): a body that
      // stalls after them (the audit's 200 with Content-Length 100000 and part of it) held a call for
      // minutes. This deadline, of the same length from the same start, also covers the body; past it
      // the request is aborted, which the SDK reads as any timeout: retried, then APIConnectionTimeoutError.
      const deadline = setTimeout(() => controller.abort(), ms);
      try {
        const response = await super.fetchWithTimeout(...args);
        const read = await readCapped(response, MAX_ANSWER_BYTES);
        if ("unreadable" in read)
          return readOnce(response, "", { failure: new CloudflareEnvelopeError(response.status, read.unreadable, []) });
        const { text, over } = read;
        if (over) {
          controller.abort(); // the rest is not downloaded; the answer fails the call as an unreadable one (not retried)
          return readOnce(response, "", { failure: tooLarge(response.status) });
        }
        const checked =
          checks.requireResult === true && response.ok
            ? checkEnvelope(response.status, response.headers.get("content-type"), text)
            : undefined;
        return readOnce(response, text, checked);
      } finally {
        clearTimeout(deadline);
      }
    }
  }
  return new Client({
    apiToken: o.token,
    apiKey: null,
    apiEmail: null,
    userServiceKey: null,
    baseURL: o.baseUrl,
    timeout: o.timeoutMs,
    maxRetries: o.maxRetries,
  });
}
