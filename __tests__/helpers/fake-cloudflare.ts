/** What the local stand-ins of the Cloudflare API share: the v4 envelope and scripted faults. */

/** A scripted answer: an HTTP error status with optional headers, or no answer at all. */
export type Fault = { readonly status: number; readonly headers?: Record<string, string> } | "hang";

/** Cloudflare's v4 success envelope around `result`. */
export function envelope(result: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ success: true, errors: [], messages: [], result, ...extra });
}

/** Faults queued per route (`METHOD path` regex); each fault answers one matching request. `F`: a stand-in's own kinds of fault. */
export function faultQueue<F = Fault>(): { fail(route: RegExp, faults: readonly F[]): void; next(key: string): F | undefined } {
  const queues: { route: RegExp; queue: F[] }[] = [];
  return {
    fail: (route, faults) => queues.push({ route, queue: [...faults] }),
    next: (key) => queues.find((q) => q.route.test(key) && q.queue.length > 0)?.queue.shift(),
  };
}
