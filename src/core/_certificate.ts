/**
 * Certificate errors in what fetch throws, in Deno (rustls) and Node
 * (OpenSSL).
 *
 * @module
 */

/** Node's (OpenSSL's) codes for a certificate it does not trust. */
const CERTIFICATE_CODES =
  /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_REVOKED|CERT_UNTRUSTED|ERR_TLS_CERT_ALTNAME_INVALID)$/;

/**
 * Why one error of a failed fetch's cause chain says the server's
 * certificate is not trusted, or `""`.
 *
 * @param code The error's `code` (Node).
 * @param text Its message.
 * @returns The reason, as the runtime gives it.
 */
export function certificateProblemOf(code: unknown, text: string): string {
  // Deno (rustls): "invalid peer certificate: UnknownIssuer"; Node
  // (OpenSSL): a code such as DEPTH_ZERO_SELF_SIGNED_CERT.
  const peer = /invalid peer certificate: (.+)$/.exec(text);
  if (peer) return (peer[1] as string).trim();
  if (typeof code === "string" && CERTIFICATE_CODES.test(code)) {
    return `${code}: ${text}`;
  }
  return "";
}

/**
 * Whether a failed fetch's cause chain says the server's certificate is not
 * trusted: retrying cannot help (it needs a flag or a CA file).
 *
 * @param cause What fetch threw.
 * @returns `true` for an untrusted, expired or mismatched certificate.
 */
export function isCertificateError(cause: unknown): boolean {
  let c: unknown = cause;
  for (let depth = 0; depth < 6 && typeof c === "object" && c; depth++) {
    const { code, message } = c as { code?: unknown; message?: unknown };
    if (
      certificateProblemOf(code, typeof message === "string" ? message : "")
    ) {
      return true;
    }
    c = (c as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Whether one error of a failed fetch's cause chain says the server does
 * not speak TLS (an https:// URL for a plain-HTTP server, such as the
 * emulator): Deno (rustls) "InvalidContentType", Node (OpenSSL) "wrong
 * version number".
 *
 * @param code The error's `code` (Node).
 * @param text Its message.
 * @returns `true` when the TLS handshake met something that is not TLS.
 */
export function notTlsOf(code: unknown, text: string): boolean {
  return code === "ERR_SSL_WRONG_VERSION_NUMBER" ||
    code === "ERR_SSL_PACKET_LENGTH_TOO_LONG" ||
    /InvalidContentType|wrong version number|packet length too long/i.test(
      text,
    );
}

/**
 * Whether a failed fetch's cause chain says the server does not speak TLS:
 * retrying cannot help (the URL's scheme is wrong). It was tried again for
 * 10–16 s, in silence through a pipe, before the error said so.
 *
 * @param cause What fetch threw.
 * @returns `true` when the TLS handshake met plain HTTP.
 */
export function isNotTlsError(cause: unknown): boolean {
  let c: unknown = cause;
  for (let depth = 0; depth < 6 && typeof c === "object" && c; depth++) {
    const { code, message } = c as { code?: unknown; message?: unknown };
    if (notTlsOf(code, typeof message === "string" ? message : "")) {
      return true;
    }
    c = (c as { cause?: unknown }).cause;
  }
  return false;
}
