import { chmodSync, closeSync, existsSync, openSync } from "node:fs";
import { makeFolders } from "../../../core/write-file-atomic";

/**
 * Plans hold sensitive values in the clear (`terraform show -json` prints them, the binary plan stores
 * them), as Terraform's own plan files do: only their owner may read them.
 */
export const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_FOLDER_MODE = 0o700;

/**
 * Creates the missing folders of `dir` one level at a time (not mkdirSync's `recursive`, which on Node
 * 20 never returns under /proc), `dir` itself readable by its owner only. A folder that already exists
 * is left as it is: golive does not change the permissions of a folder it did not create.
 */
export function makePrivateFolder(dir: string): void {
  if (existsSync(dir)) return;
  // mkdir's mode passes through the umask: set again once made.
  const made = makeFolders(dir, "the plans", { mode: PRIVATE_FOLDER_MODE, what: "nothing was planned" });
  if (made) chmodSync(dir, PRIVATE_FOLDER_MODE);
}

/**
 * An empty file only its owner can read, for a program to write into. Not made when the folder is
 * missing or the name is taken: the program then reports that itself (terraform plan fails).
 */
export function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, "wx", PRIVATE_FILE_MODE));
  } catch {
    // see above: terraform names the problem, and the mode is set again after it wrote the file
  }
}
