const ESC = 0x1b;
const CSI_START = 0x5b; // "["
const SS3_START = 0x4f; // "O"

/**
 * Where the filter is: in text, just after ESC, inside a CSI (its first byte next, or later), inside an
 * SS3, or skipping the rest of a UTF-8 character that followed ESC (Alt with a non-ASCII key).
 */
type State = "text" | "esc" | "csi-start" | "csi" | "ss3" | "alt-char";

/** A byte that may stand inside a sequence: printable ASCII; a control, DEL or a non-ASCII byte ends it. */
function sequenceByte(b: number): boolean {
  return b >= 0x20 && b <= 0x7e;
}

/**
 * What a terminal sends for a key that is no character of the text (arrows, function keys, Alt+key),
 * recognised so the hidden prompt ignores it whole instead of storing its letters, after ECMA-48 and
 * xterm's ctlseqs (invisible-island.net/xterm/ctlseqs/ctlseqs.html):
 * - CSI: `ESC [`, parameter (0x30-0x3F) and intermediate (0x20-0x2F) bytes, then one final byte
 *   0x40-0x7E: arrows `ESC [ D`, Delete `ESC [ 3 ~`, Shift+Left `ESC [ 1 ; 2 D`;
 * - SS3: `ESC O` and one final byte: arrows in application cursor mode `ESC O D`, F1-F4 `ESC O P`..`S`
 *   (parameter bytes before it are skipped, as old xterm sent `ESC O 5 P` for Ctrl+F1);
 * - the Linux console's F1-F5, `ESC [ [ A`..`E`, read as SS3 after `ESC [`;
 * - ESC and one other character: Alt+key where the terminal sends Alt as ESC (`ESC b`), ignored with
 *   its key, every byte of a non-ASCII one;
 * - ESC last in a read: the Escape key alone. A terminal writes a sequence in one piece, so the next
 *   read is typed text, not the rest of a sequence (a CSI or SS3 begun in one read does go on in the next).
 * A control byte (Enter, Ctrl-C, Backspace, another ESC) inside a sequence ends it and counts as itself, as a
 * terminal executes a control met inside one: Enter after a lone Escape still ends the line.
 */
export class KeySequences {
  private state: State = "text";

  /** Whether byte `b` belongs to a key sequence, and is ignored; false: it is the caller's to handle. */
  swallow(b: number): boolean {
    switch (this.state) {
      case "text":
        if (b !== ESC) return false;
        this.state = "esc";
        return true;
      case "alt-char":
        if ((b & 0xc0) === 0x80) return true; // a continuation byte of the character Alt came with
        this.state = "text";
        return this.swallow(b);
      case "esc":
        if (b >= 0xc0 && b <= 0xf7) return this.goTo("alt-char");
        if (!sequenceByte(b)) return this.endBefore(b);
        return this.goTo(b === CSI_START ? "csi-start" : b === SS3_START ? "ss3" : "text");
      case "csi-start":
        if (b === CSI_START) return this.goTo("ss3");
        return this.csiByte(b);
      case "csi":
        return this.csiByte(b);
      case "ss3":
        if (!sequenceByte(b)) return this.endBefore(b);
        return this.goTo(b <= 0x3f ? "ss3" : "text");
    }
  }

  /** The end of one read: an ESC that ended it was the Escape key alone. */
  endOfRead(): void {
    if (this.state === "esc" || this.state === "alt-char") this.state = "text";
  }

  private csiByte(b: number): boolean {
    if (!sequenceByte(b)) return this.endBefore(b);
    return this.goTo(b <= 0x3f ? "csi" : "text"); // parameters and intermediates go on; a final byte 0x40-0x7E ends it
  }

  private goTo(state: State): true {
    this.state = state;
    return true;
  }

  /** `b` cannot stand inside the sequence: the sequence is over, and `b` is read as it comes. */
  private endBefore(b: number): boolean {
    this.state = "text";
    return this.swallow(b);
  }
}
