import { PassThrough } from "node:stream";

/** A terminal stand-in: what is written to it arrives as keystrokes; raw-mode switches are recorded. */
export function fakeTerminal(keystrokes: readonly (string | Buffer)[]): { tty: NodeJS.ReadableStream; modes: boolean[] } {
  const stream = new PassThrough();
  const modes: boolean[] = [];
  const tty = Object.assign(stream, {
    isTTY: true as const,
    setRawMode(mode: boolean) {
      modes.push(mode);
      return tty;
    },
  });
  for (const k of keystrokes) stream.write(k);
  return { tty, modes };
}
