import { isIP } from "node:net";
import { isLoopback, serverHost } from "../engines/verify/probe/resolve";
import { shownValue } from "../core/shown-value";
import type { ParsedArgs } from "./args";
import { UsageError } from "./types";

const ALLOWED =
  "allowed: IP:PORT, an IPv4 address or an IPv6 one in brackets, port 1-65535 (default 53), such as 127.0.0.1:5353 or [::1]:5353";

/**
 * `--resolver` as Node's resolver takes it (`a.b.c.d[:port]`, `[v6]:port`), judged before any work:
 * the address must be a real IP (net.isIP) and the port 1-65535. c-ares aborts the whole process on
 * port 0 (an assertion in cares_wrap.cc, not an exception), and setServers only fails on a bad
 * address after the config has been read: both are usage errors here. A bracketed IPv6 address
 * without a port gets 53, so the loopback guard (serverHost) reads the address.
 */
export function parseResolver(value: string): string {
  const got = `--resolver: got ${shownValue(value)}`;
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*))(?::(\d{1,5}))?$/.exec(value);
  const v6 = m?.[1];
  const v4 = m?.[2];
  const port = m?.[3];
  const okAddress = v6 !== undefined ? isIP(v6) === 6 : v4 !== undefined && isIP(v4) === 4;
  if (!m || !okAddress) throw new UsageError(`${got}, ${ALLOWED}`);
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    throw new UsageError(`${got}: port ${port} is out of range, ${ALLOWED}`);
  return v6 !== undefined && port === undefined ? `[${v6}]:53` : value;
}

/** `--resolver` (validated) and the `--loopback-only` rules that depend on it. */
export function resolverFlag(parsed: ParsedArgs, loopbackOnly: boolean): string | undefined {
  const given = parsed.values.get("resolver");
  const server = given === undefined ? undefined : parseResolver(given);
  if (loopbackOnly && server === undefined)
    throw new UsageError("--loopback-only needs --resolver (the system resolver may send queries off the machine)");
  if (loopbackOnly && server !== undefined && !isLoopback(serverHost(server))) {
    throw new UsageError(`--resolver: ${given} is not a loopback address, which --loopback-only requires`);
  }
  return server;
}
