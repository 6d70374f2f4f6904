import { anyPathExpr, exprString, pathPrefixExpr } from "../../lib/features/edge/edge-rule";
import { matchCovers, matchMayHit, readMatch } from "../../lib/features/edge/expression-match";

/**
 * The readiness reader of rule expressions: it must never call a rule "covering" a path because the
 * path's text appears in it. These pin which shapes it verifies (what golive writes) and that
 * everything else reads as unverifiable (undefined).
 */
const CHAT = pathPrefixExpr("/api/chat");
const HOSTS = ["chat.example.com", "api.example.com"];

describe("readMatch: the shapes golive writes are read, anything else is not verifiable", () => {
  test("golive's own path expressions cover their paths on every host, in every case", () => {
    const both = anyPathExpr(["/api/chat", "/api/tools"]);
    for (const path of ["/api/chat", "/API/Chat", "/api/tools"])
      expect([path, matchCovers(readMatch(both), path, HOSTS)]).toEqual([path, true]);
    expect(matchCovers(readMatch(both), "/api/actions", HOSTS)).toBe(false);
    expect(matchCovers(readMatch("true"), "/anything", HOSTS)).toBe(true);
    expect(matchCovers(readMatch("true"), undefined, HOSTS)).toBe(true);
  });

  test("fails to cover when the path clauses are negated or and-ed with a host that is no app hostname", () => {
    expect(readMatch(`not ${CHAT}`)).toBeUndefined();
    expect(readMatch(`!${CHAT}`)).toBeUndefined();
    const elsewhere = readMatch(`http.host eq "nope.invalid" and ${CHAT}`);
    expect(elsewhere?.hosts?.map((h) => h.value)).toEqual(["nope.invalid"]);
    expect(matchCovers(elsewhere, "/api/chat", HOSTS)).toBe(false);
    expect(matchMayHit(elsewhere, "/api/chat", HOSTS)).toBe(false);
  });

  test("a host clause naming every app hostname keeps the coverage; naming some of them does not", () => {
    const all = readMatch(`http.host in {${HOSTS.map(exprString).join(" ")}} and ${CHAT}`);
    expect(matchCovers(all, "/api/chat", HOSTS)).toBe(true);
    const one = readMatch(`(${CHAT} and http.host eq "chat.example.com")`);
    expect(matchCovers(one, "/api/chat", HOSTS)).toBe(false);
    expect(matchMayHit(one, "/api/chat", HOSTS)).toBe(true);
  });

  test("other fields, functions, operators and (host or path) mixes are not verifiable", () => {
    for (const expression of [
      `${CHAT} and not ip.src in {192.0.2.0/24}`,
      `${CHAT} or ip.src eq 192.0.2.1`,
      `http.request.uri.path contains "/api/chat"`,
      `http.request.uri.path matches "^/api/chat"`,
      `http.host eq "chat.example.com" or ${CHAT}`,
      `${CHAT} and starts_with(http.request.uri.path, "/api/")`,
      `${CHAT} xor true`,
      `(${CHAT}`,
      `any(http.request.headers["x"][*] == "1")`,
      "",
      "false",
    ])
      expect([expression, readMatch(expression)]).toEqual([expression, undefined]);
  });

  test("a path covers only with everything below it", () => {
    expect(matchCovers(readMatch('lower(http.request.uri.path) eq "/api/chat"'), "/api/chat", HOSTS)).toBe(false);
    expect(matchCovers(readMatch('starts_with(lower(http.request.uri.path), "/api/chat/")'), "/api/chat", HOSTS)).toBe(false);
    expect(matchCovers(readMatch('starts_with(lower(http.request.uri.path), "/api")'), "/api/chat", HOSTS)).toBe(true);
  });

  test("may-hit errs toward a match: unverifiable expressions and overlapping literals hit, disjoint paths do not", () => {
    expect(matchMayHit(undefined, "/api/chat", HOSTS)).toBe(true);
    expect(matchMayHit(readMatch('starts_with(http.request.uri.path, "/static/")'), "/api/chat", HOSTS)).toBe(false);
    expect(matchMayHit(readMatch('http.request.uri.path eq "/API/CHAT/stream"'), "/api/chat", HOSTS)).toBe(true);
    expect(matchMayHit(readMatch('starts_with(http.request.uri.path, "/api")'), "/api/chat", HOSTS)).toBe(true);
    expect(matchMayHit(readMatch('http.request.uri.path eq "/api"'), "/api/chat", HOSTS)).toBe(false);
    expect(matchMayHit(readMatch('http.host eq "CHAT.example.com"'), undefined, HOSTS)).toBe(true);
  });
});
