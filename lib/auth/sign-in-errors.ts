// The sign-in error codes the credentials provider throws and the sign-in
// form turns into sentences. No server imports: the form runs in the browser.

const RATE_LIMITED = "RATE_LIMITED";

/** NextAuth passes a thrown error's message to the client as the `error` code; the wait rides along. */
export function rateLimitedError(seconds: number) {
  return `${RATE_LIMITED}:${seconds}`;
}

export function signInErrorMessage(code: string | null | undefined) {
  if (code === "CredentialsSignin") return "Wrong email or password.";
  const [kind, seconds] = (code ?? "").split(":");
  if (kind === RATE_LIMITED) {
    return `Too many failed attempts. Try again in ${Number(seconds) > 0 ? `${Number(seconds)} s` : "a moment"}.`;
  }
  return "Sign-in failed. Please try again.";
}
