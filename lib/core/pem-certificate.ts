import { X509Certificate } from "node:crypto";
import { z } from "zod";
import { BoundedCache } from "./bounded-cache";
import { VALUE_NOT_SHOWN } from "./fields";

/** One PEM certificate block, the form Cloudflare's certificate uploads take. */
const PEM_CERTIFICATE_RE = /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/;

// Reading a certificate costs about a millisecond (node:crypto's X509Certificate); a process that loads
// the same config many times (a watch, the tests) reads each distinct one once. The answer is a pure
// function of the text; a handful of distinct certificates at most, the oldest dropped beyond that.
const readCertificates = new BoundedCache<string, X509Certificate | string>(16);

/** The leaf certificate `pem` holds, or why it is not one leaf certificate in PEM form. */
function readLeafCertificate(pem: string): X509Certificate | string {
  return readCertificates.get(pem, () => readLeafCertificateOnce(pem));
}

function readLeafCertificateOnce(pem: string): X509Certificate | string {
  // Checked first and said without the value: a pasted key must never be echoed into a log.
  if (/PRIVATE KEY/.test(pem)) return "holds a private key; allowed: the public certificate only (the key never goes in config)";
  if (!PEM_CERTIFICATE_RE.test(pem.trim()))
    return "must be one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)";
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return "is not a certificate that can be read (damaged base64 or not X.509)";
  }
  if (cert.ca) return "is a CA certificate; allowed: a leaf certificate (basicConstraints CA:FALSE) that your CA signed";
  return cert;
}

/**
 * A public leaf certificate in PEM form, re-encoded as one canonical PEM, so a change of line breaks or
 * indentation in the config is no change of the certificate. Problems are said without the value.
 */
export const PemCertificate = z
  .string()
  .min(1, { message: "must not be empty", abort: true })
  // One parse for the check and the canonical form (a config load validated each certificate twice).
  .transform((pem, ctx) => {
    const cert = readLeafCertificate(pem);
    if (typeof cert !== "string") return cert.toString();
    ctx.addIssue({ code: "custom", message: cert, input: pem, params: VALUE_NOT_SHOWN });
    return z.NEVER;
  });
