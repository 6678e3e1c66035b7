// The sign-in error codes the credentials provider throws and the sign-in
// form turns into sentences. No server imports: the form runs in the browser.

const RATE_LIMITED = "RATE_LIMITED";

/** NextAuth passes a thrown error's message to the client as the `error` code; the wait rides along. */
export function rateLimitedError(seconds: number) {
  return `${RATE_LIMITED}:${seconds}`;
}

// Errors NextAuth (or our signIn callback, lib/auth/options.ts) sends back to
// the sign-in page as ?error= after a single sign-on attempt.
const SSO_ERRORS: Record<string, string> = {
  SsoEmailNotVerified: "Your identity provider did not confirm your email address (email_verified), so it cannot be matched to an account. Ask your admin.",
  SsoNoEmail: "Your identity provider sent no email address. Ask your admin to release the email claim to Touchstone.",
  OAuthSignin: "Single sign-on could not start: the identity provider did not answer. Try again, or ask your admin.",
  OAuthCallback: "Single sign-on failed on the way back from the identity provider. Try again.",
  OAuthAccountNotLinked: "This email is linked to another sign-in method.",
  AccessDenied: "Sign-in was refused.",
  Callback: "Single sign-on failed. Try again.",
};

export function signInErrorMessage(code: string | null | undefined) {
  if (code === "CredentialsSignin") return "Wrong email or password.";
  if (code && SSO_ERRORS[code]) return SSO_ERRORS[code];
  const [kind, seconds] = (code ?? "").split(":");
  if (kind === RATE_LIMITED) {
    return `Too many failed attempts. Try again in ${Number(seconds) > 0 ? `${Number(seconds)} s` : "a moment"}.`;
  }
  return "Sign-in failed. Please try again.";
}
