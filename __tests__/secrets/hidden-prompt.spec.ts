import { PassThrough, Writable } from "node:stream";
import { readHiddenLine } from "../../lib/cli/hidden-prompt";
import { KeySequences } from "../../lib/cli/key-sequences";

/** What a terminal and the prompt's stream saw, in order: raw-mode switches and writes. */
type Event = { readonly rawMode: boolean } | { readonly wrote: string };

/** A terminal whose reads are `reads` (each one `data` event), and a prompt stream, both logging to `events`. */
function terminal(reads: readonly string[]) {
  const events: Event[] = [];
  const stream = new PassThrough();
  const input = Object.assign(stream, {
    isTTY: true as const,
    setRawMode(mode: boolean) {
      events.push({ rawMode: mode });
      return input;
    },
  });
  const prompt = new Writable({
    write(chunk: Buffer, _encoding, done) {
      events.push({ wrote: chunk.toString("utf8") });
      done();
    },
  });
  for (const r of reads) stream.write(Buffer.from(r, "latin1"));
  return { input, prompt, events };
}

/** The line read at the hidden prompt from `reads`, as text (bytes taken as latin1, so a test byte is one character). */
async function lineFrom(reads: readonly string[]): Promise<string> {
  const { input, prompt } = terminal(reads);
  return (await readHiddenLine(input, prompt, "Value: ", 1000)).toString("latin1");
}

/** What KeySequences leaves of `reads` (each a read of its own). */
function keptOf(...reads: string[]): string {
  const keys = new KeySequences();
  let kept = "";
  for (const r of reads) {
    for (const c of Buffer.from(r, "latin1")) if (!keys.swallow(c)) kept += String.fromCharCode(c);
    keys.endOfRead();
  }
  return kept;
}

describe("the hidden prompt turns echo off before it invites input", () => {
  test("raw mode is on before the prompt is written, and off after the line is read", async () => {
    const { input, prompt, events } = terminal(["S3cretTyped\r"]);
    const line = await readHiddenLine(input, prompt, "Value for x (input hidden): ", 1000);
    expect(line.toString()).toBe("S3cretTyped");
    expect(events).toEqual([{ rawMode: true }, { wrote: "Value for x (input hidden): " }, { rawMode: false }, { wrote: "\n" }]);
  });
});

describe("the hidden prompt ignores the sequences of keys that are no text (ECMA-48, xterm)", () => {
  test.each([
    ["Left (CSI)", "\x1b[D"],
    ["Delete (CSI with a parameter)", "\x1b[3~"],
    ["Shift+Left (CSI with parameters)", "\x1b[1;2D"],
    ["Left in application cursor mode (SS3)", "\x1bOD"],
    ["F1 (SS3)", "\x1bOP"],
    ["Ctrl+F1 as old xterm sends it (SS3 with a parameter)", "\x1bO5P"],
    ["F1 on the Linux console", "\x1b[[A"],
    ["Alt+b (ESC and a letter)", "\x1bb"],
    ["Alt+e-acute (ESC and a two-byte UTF-8 character)", "\x1b\xc3\xa9"],
  ])("%s adds nothing to the value", async (_key, sequence) => {
    expect(keptOf(`ab${sequence}cd`)).toBe("abcd");
    expect(keptOf("ab", sequence, "cd")).toBe("abcd");
  });

  test("through the prompt: Left in application cursor mode and F1 store no letter", async () => {
    expect(await lineFrom(["ab", "\x1bOD", "\x1bOP", "cd\r"])).toBe("abcd");
  });

  test("the Escape key alone (ESC last in its read) ends there: the next read is text", () => {
    expect(keptOf("ab", "\x1b", "Dcd")).toBe("abDcd");
    expect(keptOf("ab", "\x1b", "[cd")).toBe("ab[cd");
  });

  test("a CSI begun in one read goes on in the next", () => {
    expect(keptOf("ab\x1b[1;", "2Dcd")).toBe("abcd");
  });

  test("a control inside a sequence ends it and counts as itself: Enter after a lone Escape ends the line", async () => {
    expect(keptOf("ab\x1b\rcd")).toBe("ab\rcd");
    expect(keptOf("ab\x1b[1\x03")).toBe("ab\x03");
    expect(keptOf("ab\x1b\x1b[Dcd")).toBe("abcd"); // a second ESC starts a sequence of its own
    expect(await lineFrom(["ab\x1b\r"])).toBe("ab");
  });
});
