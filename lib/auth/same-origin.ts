import { env } from "@/lib/env";
import { SafeError } from "@/lib/errors";

// Cross-site request forgery: a browser attaches the session cookie to a form
// another page posts (another port or subdomain of the same site counts as
// "same site" for SameSite=Lax). So every mutating request authenticated by
// the cookie must prove it comes from one of our own pages. Bearer tokens are
// never sent by a browser on its own, so token requests are not checked.
// Server actions get the same protection from Next itself (it compares
// Origin with Host and refuses a mismatch).

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The app's own origin: NEXTAUTH_URL when configured, else the origin the request was sent to. */
export function appOrigin(request: Request): string {
  return originFrom(request.headers, new URL(request.url));
}

/** The same, from a page's request headers (pages have no Request object). */
export function originFrom(headers: Headers, url?: URL): string {
  const configured = env().NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  const host = headers.get("host");
  const protocol = url?.protocol ?? "http:";
  if (host) return `${protocol}//${host}`;
  return url?.origin ?? "http://localhost";
}

/**
 * Throws FORBIDDEN unless a cookie-authenticated mutating request comes from
 * our own pages: `Sec-Fetch-Site: same-origin` when the browser sends it
 * (every current one does), else an `Origin` equal to the app's origin.
 */
export function requireSameOrigin(request: Request) {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite !== null) {
    if (fetchSite === "same-origin") return;
    throw crossOrigin(`the browser says it came from a ${fetchSite} page`);
  }
  const origin = request.headers.get("origin");
  if (origin === null) throw crossOrigin("it has no Origin header");
  // The configured origin, or the one the browser addressed (Host is set by the
  // browser, so a page on another port or subdomain cannot make them match).
  if (origin !== appOrigin(request) && origin !== hostOrigin(request)) throw crossOrigin(`it came from ${origin.slice(0, 100)}`);
}

function hostOrigin(request: Request) {
  const host = request.headers.get("host");
  return host ? `${new URL(request.url).protocol}//${host}` : new URL(request.url).origin;
}

function crossOrigin(why: string) {
  return new SafeError(
    "FORBIDDEN",
    `Refused: this request is signed in by cookie but ${why}, not from Touchstone's own pages. Scripts and other sites must send an API token (Authorization: Bearer ts_…).`,
  );
}
