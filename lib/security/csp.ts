// The Content-Security-Policy for pages. Scripts run only with this
// response's nonce ('strict-dynamic' lets those scripts load Next's chunks),
// so an injected <script> or event-handler attribute does not run. Styles may
// be inline: React's style props and the charts (recharts) set them, and CSS
// cannot run code.

export function contentSecurityPolicy(nonce: string, options: { dev: boolean; https: boolean }) {
  const directives = [
    "default-src 'self'",
    // React's dev build evaluates code for its debugging aids; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** A fresh unguessable nonce per response: 16 random bytes, base64. */
export function newNonce() {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
