import { resolve } from "node:path";
import { BoundedReadError, readBoundedText } from "../../core/bounded-read";
import { shownValue } from "../../core/shown-value";
import { EdgeConfig } from "../../features/edge/schema";

/** A client certificate in PEM is about 2 KB; anything near this is not one certificate. */
const MAX_CERTIFICATE_BYTES = 64 * 1024;

/** The certificate as the config holds it (one canonical PEM), or why the file cannot be it. */
export type CertificateRead = { readonly pem: string } | { readonly problem: string };

/**
 * Reads `--origin-pull-certificate FILE` at init time and checks it with the config's own field,
 * `edge.originPullCertificate`, whose messages never quote the text: a private key given by mistake is
 * refused without a line of it reaching the terminal (lib/core/pem-certificate.ts, PemCertificate).
 */
export function readOriginPullCertificate(file: string): CertificateRead {
  let text: string;
  try {
    text = readBoundedText(file, MAX_CERTIFICATE_BYTES);
  } catch (err) {
    if (err instanceof BoundedReadError) return { problem: err.message };
    throw err;
  }
  const parsed = EdgeConfig.shape.originPullCertificate.safeParse(text);
  if (parsed.success && parsed.data !== undefined) return { pem: parsed.data };
  return { problem: parsed.error?.issues[0]?.message ?? "must not be empty" };
}

/**
 * `--origin-pull-certificate FILE` (relative to `cwd`) read and checked; a problem names the file as
 * given and never quotes its text, so a private key given by mistake stays off the terminal.
 */
export function originPullCertificateFile(file: string, cwd: string): CertificateRead {
  const read = readOriginPullCertificate(resolve(cwd, file));
  return "problem" in read ? { problem: `${shownValue(file)}: ${read.problem}` } : read;
}
