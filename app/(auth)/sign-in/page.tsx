import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { oidcSettings } from "@/lib/env";
import { originFrom } from "@/lib/auth/same-origin";
import { afterSignInPath } from "@/lib/auth/safe-redirect";
import { getCurrentUser } from "@/lib/auth/session";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { SignInForm } from "./sign-in-form";
import { SsoButton } from "./sso-button";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  if (await getCurrentUser()) redirect("/projects");
  const { callbackUrl, error } = await searchParams;
  // Only our own origin: an open redirect after sign-in would be a phishing aid.
  const next = afterSignInPath(typeof callbackUrl === "string" ? callbackUrl : undefined, originFrom(await headers()));
  const sso = oidcSettings();
  return (
    <>
      <h1 className="text-lg font-semibold">Sign in</h1>
      <p className="mt-1 mb-5 text-sm text-slate-600">
        {sso?.only ? "Sign in with your organisation's account." : sso ? "With your organisation's account, or the email and password your admin gave you." : "Use the email and password your admin gave you."}
      </p>
      {typeof error === "string" && error && (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {signInErrorMessage(error)}
        </p>
      )}
      {sso && <SsoButton name={sso.name} callbackUrl={next} />}
      {sso && !sso.only && (
        <div className="my-5 flex items-center gap-3 text-xs text-slate-500" aria-hidden>
          <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
        </div>
      )}
      {!sso?.only && <SignInForm callbackUrl={next} />}
    </>
  );
}
