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
 * How long input may still arrive after Enter and count as part of the same paste. A terminal hands a
 * paste over in one or a few reads, back to back; nobody types a key 50 ms after Enter.
 */
const PASTE_GAP_MS = 50;

/** Line ends only (CR, LF): a paste that ends with an empty line or CRLF adds nothing after the value. */
function onlyLineEnds(bytes: Uint8Array): boolean {
  return bytes.every((b) => ENTER.has(b));
}

/**
 * One line from a terminal with nothing echoed, as `gh secret set` and `read -s` do: the terminal is put
 * in raw mode (it stops echoing; Ctrl-C arrives as a byte) before the prompt is written, so a key that
 * arrives as soon as the prompt shows (expect, a password manager's auto-type) is not echoed either; Enter
 * ends the line, Backspace and Ctrl-U edit it, the sequences of other keys (arrows, function keys,
 * Alt+key: key-sequences.ts) are ignored. The terminal is always restored. Returns the
 * bytes typed or pasted, at most `maxBytes` + 1 of them (the caller refuses a longer value). Input that
 * keeps coming after Enter (in the same read, or within PASTE_GAP_MS) is a multi-line paste: refused
 * with MultiLineInput rather than cut to its first line.
 */
export async function readHiddenLine(input: RawModeTty, prompt: NodeJS.WritableStream, text: string, maxBytes: number): Promise<Buffer> {
  input.setRawMode(true); // first: a terminal echoes what arrives before it, and the prompt invites input
  let onData: (chunk: Buffer | string) => void = () => {};
  let onEnd: () => void = () => {};
  let gap: NodeJS.Timeout | undefined;
  try {
    prompt.write(text);
    return await new Promise<Buffer>((resolve, reject) => {
      const typed: number[] = [];
      const keys = new KeySequences();
      let entered = false;
      const finish = () => resolve(Buffer.from(typed));
      onEnd = finish;
      onData = (chunk) => {
        const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        if (entered) {
          if (onlyLineEnds(bytes)) return;
          clearTimeout(gap);
          return reject(new MultiLineInput());
        }
        for (let i = 0; i < bytes.length; i++) {
          const b = bytes[i] as number;
          if (keys.swallow(b)) continue;
          if (ENTER.has(b)) {
            if (!onlyLineEnds(bytes.subarray(i + 1))) return reject(new MultiLineInput());
            entered = true;
            gap = setTimeout(finish, PASTE_GAP_MS);
            return;
          }
          if (b === CTRL_D && typed.length === 0) return finish();
          if (b === CTRL_C) return reject(new PromptCancelled());
          if (BACKSPACE.has(b)) dropLastChar(typed);
          else if (b === CTRL_U) typed.length = 0;
          else if (b >= 0x20 || b === 0x09) typed.push(b);
          if (typed.length > maxBytes) return finish();
        }
        keys.endOfRead();
      };
      input.on("data", onData);
      input.once("end", onEnd);
      input.resume();
    });
  } finally {
    clearTimeout(gap);
    input.removeListener("data", onData);
    input.removeListener("end", onEnd);
    input.setRawMode(false);
    input.pause(); // else the open terminal keeps the process alive after the command
    prompt.write("\n"); // Enter was not echoed either
  }
}
