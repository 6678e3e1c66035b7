// Where to go after sign-in. A callback URL is resolved the way the browser
// will resolve it (`new URL` against the app's origin), so `/\evil.example`,
// `/%09/evil.example`, `//evil` and `javascript:` cannot leave the app: only a
// result on the app's own origin is followed, anything else goes to /projects.

export const DEFAULT_AFTER_SIGN_IN = "/projects";

/** The same-origin path (with query and hash) for `callbackUrl`, or undefined when it leaves `origin`. */
export function sameOriginPath(callbackUrl: string | undefined | null, origin: string): string | undefined {
  if (!callbackUrl) return undefined;
  let resolved: URL;
  try {
    resolved = new URL(callbackUrl, origin);
  } catch {
    return undefined;
  }
  if (resolved.origin !== new URL(origin).origin) return undefined;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/** The path to send a user to after sign-in. */
export function afterSignInPath(callbackUrl: string | undefined | null, origin: string): string {
  return sameOriginPath(callbackUrl, origin) ?? DEFAULT_AFTER_SIGN_IN;
}
