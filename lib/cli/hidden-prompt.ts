import { KeySequences } from "./key-sequences";

/** A terminal on standard input: what `tty.ReadStream` offers and a test's fake can offer too. */
export interface RawModeTty extends NodeJS.ReadableStream {
  readonly isTTY: true;
  setRawMode(mode: boolean): unknown;
}

export function isRawModeTty(stream: NodeJS.ReadableStream): stream is RawModeTty {
  return "isTTY" in stream && stream.isTTY === true && "setRawMode" in stream && typeof stream.setRawMode === "function";
}

/** The user pressed Ctrl-C at the prompt. */
export class PromptCancelled extends Error {
  constructor() {
    super("cancelled at the prompt; nothing was written");
    this.name = "PromptCancelled";
  }
}

/** Text arrived after Enter without a pause: a paste of several lines, which one line would cut short. */
export class MultiLineInput extends Error {
  constructor() {
    super("the input continued after Enter (a paste of several lines?); a value typed at the prompt is one line");
    this.name = "MultiLineInput";
  }
}

const ENTER = new Set([0x0d, 0x0a]);
const CTRL_C = 0x03;
const CTRL_D = 0x04;
const CTRL_U = 0x15;
const BACKSPACE = new Set([0x7f, 0x08]);

/** Drops the last character (all bytes of a multi-byte UTF-8 sequence). */
function dropLastChar(bytes: number[]): void {
  while (bytes.length > 0) {
    const b = bytes.pop() as number;
    if ((b & 0xc0) !== 0x80) return; // not a continuation byte: the character's first byte is gone
  }
}

/**
 * Input kept arriving for the whole drain after the prompt ended: the terminal goes back to echoing
 * anyway, so the command can end; what arrives from then on is the terminal's (and the shell's).
 */
export class InputDidNotStop extends Error {
  constructor(maxMs: number) {
    super(
      `input kept arriving for ${maxMs / 1000} s after the prompt ended; it was discarded, and what still arrives goes to the terminal; nothing was written`,
    );
    this.name = "InputDidNotStop";
  }
}

/** How long the prompt goes on discarding input once the line has ended (see readHiddenLine). */
export interface DrainProps {
  /**
   * The quiet that ends the drain. A terminal hands a paste over in reads milliseconds apart, a script
   * writing lines (expect, auto-type) tens of milliseconds apart; nobody types a key this soon after Enter.
   * @default 150
   */
  readonly quietMs?: number;
  /**
   * The longest the drain lasts, so a stream that never stops cannot hang the command: past it the prompt
   * refuses with InputDidNotStop. A 64 KiB paste over a slow link takes a few seconds.
   * @default 5000
   */
  readonly maxMs?: number;
}

export const DRAIN_QUIET_MS = 150;
const DRAIN_MAX_MS = 5000;

/** Line ends only (CR, LF): a paste that ends with an empty line or CRLF adds nothing after the value. */
function onlyLineEnds(bytes: Uint8Array): boolean {
  return bytes.every((b) => ENTER.has(b));
}

/** How the line ended: its bytes, or why there is none. */
type Outcome = { readonly line: Buffer } | { readonly error: Error };

/** The line being typed: each read goes in; an outcome comes out when Enter, Ctrl-C, Ctrl-D or the size limit ends it. */
class LineEditor {
  private readonly typed: number[] = [];
  private readonly keys = new KeySequences();

  constructor(private readonly maxBytes: number) {}

  get line(): Outcome {
    return { line: Buffer.from(this.typed) };
  }

  read(bytes: Uint8Array): Outcome | undefined {
    const typed = this.typed;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] as number;
      if (this.keys.swallow(b)) continue;
      if (ENTER.has(b)) return onlyLineEnds(bytes.subarray(i + 1)) ? this.line : { error: new MultiLineInput() };
      if (b === CTRL_D && typed.length === 0) return this.line;
      if (b === CTRL_C) return { error: new PromptCancelled() };
      if (BACKSPACE.has(b)) dropLastChar(typed);
      else if (b === CTRL_U) typed.length = 0;
      else if (b >= 0x20 || b === 0x09) typed.push(b);
      if (typed.length > this.maxBytes) return this.line;
    }
    this.keys.endOfRead();
    return undefined;
  }
}

/**
 * One line from a terminal with nothing echoed, as `gh secret set` and `read -s` do: the terminal is put
 * in raw mode (it stops echoing; Ctrl-C arrives as a byte) before the prompt is written, so a key that
 * arrives as soon as the prompt shows (expect, a password manager's auto-type) is not echoed either; Enter
 * ends the line, Backspace and Ctrl-U edit it, the sequences of other keys (arrows, function keys,
 * Alt+key: key-sequences.ts) are ignored. Returns the bytes typed or pasted, at most `maxBytes` + 1 of
 * them (the caller refuses a longer value).
 *
 * However the line ends (Enter, Ctrl-C, a refusal, the size limit), the terminal stays raw and input is
 * read and discarded until it has been quiet for `quietMs`, and only then restored. Node has no tcflush:
 * input left unread when raw mode ends is handled by the terminal in cooked mode, echoed on the screen,
 * and read by the shell once the command exits, which runs each line and keeps it in its history.
 * Input that keeps coming after Enter (in the same read, or before the quiet) is a multi-line paste:
 * refused with MultiLineInput rather than cut to its first line. A paste slower than that (lines more
 * than `quietMs` apart) cannot be told from a line typed and Enter: it returns its first line, and the
 * rest reaches the terminal once raw mode ends (secrets-put.ts refuses a PEM BEGIN line alone).
 */
export async function readHiddenLine(
  input: RawModeTty,
  prompt: NodeJS.WritableStream,
  text: string,
  maxBytes: number,
  drain: DrainProps = {},
): Promise<Buffer> {
  const quietMs = drain.quietMs ?? DRAIN_QUIET_MS;
  const maxMs = drain.maxMs ?? DRAIN_MAX_MS;
  input.setRawMode(true); // first: a terminal echoes what arrives before it, and the prompt invites input
  let onData: (chunk: Buffer | string) => void = () => {};
  let onEnd: () => void = () => {};
  let quiet: NodeJS.Timeout | undefined;
  let limit: NodeJS.Timeout | undefined;
  let outcome: Outcome;
  try {
    // One listener for both the line and the drain: a stream may hand over several reads in one turn.
    outcome = await new Promise<Outcome>((settle) => {
      const editor = new LineEditor(maxBytes);
      let ended: Outcome | undefined;
      const done = (o: Outcome) => {
        clearTimeout(quiet);
        clearTimeout(limit);
        settle(o);
      };
      const drainFrom = (o: Outcome) => {
        ended = o;
        limit = setTimeout(() => done({ error: new InputDidNotStop(maxMs) }), maxMs);
        waitForQuiet();
      };
      const waitForQuiet = () => {
        clearTimeout(quiet);
        quiet = setTimeout(() => done(ended ?? editor.line), quietMs);
      };
      onData = (chunk) => {
        const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        if (ended === undefined) {
          const o = editor.read(bytes);
          if (o !== undefined) drainFrom(o);
          return;
        }
        // More text after a whole line is a multi-line paste; after one cut at the size limit, more of it.
        if ("line" in ended && ended.line.length <= maxBytes && !onlyLineEnds(bytes)) ended = { error: new MultiLineInput() };
        waitForQuiet();
      };
      onEnd = () => done(ended ?? editor.line); // nothing more can arrive
      input.on("data", onData);
      input.once("end", onEnd);
      input.resume();
      try {
        prompt.write(text);
      } catch (err) {
        drainFrom({ error: err instanceof Error ? err : new Error(String(err)) });
      }
    });
  } finally {
    clearTimeout(quiet);
    clearTimeout(limit);
    input.removeListener("data", onData);
    input.removeListener("end", onEnd);
    input.setRawMode(false);
    input.pause(); // else the open terminal keeps the process alive after the command
    prompt.write("\n"); // Enter was not echoed either
  }
  if ("error" in outcome) throw outcome.error;
  return outcome.line;
}
