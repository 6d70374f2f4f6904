import { type CappedSource, readCapped } from "../../lib/core/cloudflare-client";

// An answer whose body is no async-iterable stream (another fetch than node-fetch) was read as "", an
// empty answer, silently. It is read with text() when content-length bounds it, else refused.

/** A response stub whose body is an object that is no stream. */
function notAStream(text: string, contentLength: string | null): CappedSource & { reads: () => number } {
  let reads = 0;
  return {
    body: { locked: false },
    headers: { get: (name: string) => (name.toLowerCase() === "content-length" ? contentLength : null) },
    text: async () => {
      reads += 1;
      return text;
    },
    reads: () => reads,
  };
}

test("a body that is no stream is read with text() when its content-length is within the cap", async () => {
  const body = '{"success":true,"errors":[],"messages":[],"result":[]}';
  expect(await readCapped(notAStream(body, String(body.length)), 1024)).toEqual({ text: body, over: false });
});

test("a body that is no stream is over the cap by its content-length, or by what text() gave, unread past it", async () => {
  const declaredOver = notAStream("{}", "4096");
  expect(await readCapped(declaredOver, 1024)).toEqual({ text: "", over: true });
  expect(declaredOver.reads()).toBe(0);
  expect(await readCapped(notAStream("x".repeat(2048), "10"), 1024)).toEqual({ text: "", over: true });
});

test("a body that is no stream and has no content-length is unreadable, not an empty answer", async () => {
  const r = await readCapped(notAStream("{}", null), 1024);
  expect(r).toEqual({ unreadable: "with a body golive cannot read (no stream, and no content-length to bound it)" });
  expect(await readCapped({ body: null, headers: { get: () => null }, text: async () => "unused" }, 1024)).toEqual({
    text: "",
    over: false,
  });
});
