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

const ENTER = new Set([0x0d, 0x0a]);
const CTRL_C = 0x03;
const CTRL_D = 0x04;
const CTRL_U = 0x15;
const ESC = 0x1b;
const BACKSPACE = new Set([0x7f, 0x08]);

/** Drops the last character (all bytes of a multi-byte UTF-8 sequence). */
function dropLastChar(bytes: number[]): void {
  while (bytes.length > 0) {
    const b = bytes.pop() as number;
    if ((b & 0xc0) !== 0x80) return; // not a continuation byte: the character's first byte is gone
  }
}

/**
 * One line from a terminal with nothing echoed, as `gh secret set` and `read -s` do: the terminal is put
 * in raw mode (it stops echoing; Ctrl-C arrives as a byte), Enter ends the line, Backspace and Ctrl-U
 * edit it, escape sequences (arrow keys) are ignored. The terminal is always restored. Returns the
 * bytes typed or pasted, at most `maxBytes` + 1 of them (the caller refuses a longer value).
 */
export async function readHiddenLine(input: RawModeTty, prompt: NodeJS.WritableStream, text: string, maxBytes: number): Promise<Buffer> {
  prompt.write(text);
  input.setRawMode(true);
  let onData: (chunk: Buffer | string) => void = () => {};
  let onEnd: () => void = () => {};
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const typed: number[] = [];
      let inEscape = false;
      onEnd = () => resolve(Buffer.from(typed));
      onData = (chunk) => {
        for (const b of typeof chunk === "string" ? Buffer.from(chunk) : chunk) {
          if (inEscape) {
            // CSI sequences end with a byte in @..~; ESC [ itself continues the sequence.
            if (b >= 0x40 && b <= 0x7e && b !== 0x5b) inEscape = false;
            continue;
          }
          if (ENTER.has(b) || (b === CTRL_D && typed.length === 0)) return resolve(Buffer.from(typed));
          if (b === CTRL_C) return reject(new PromptCancelled());
          if (BACKSPACE.has(b)) dropLastChar(typed);
          else if (b === CTRL_U) typed.length = 0;
          else if (b === ESC) inEscape = true;
          else if (b >= 0x20 || b === 0x09) typed.push(b);
          if (typed.length > maxBytes) return resolve(Buffer.from(typed));
        }
      };
      input.on("data", onData);
      input.once("end", onEnd);
      input.resume();
    });
  } finally {
    input.removeListener("data", onData);
    input.removeListener("end", onEnd);
    input.setRawMode(false);
    input.pause(); // else the open terminal keeps the process alive after the command
    prompt.write("\n"); // Enter was not echoed either
  }
}
