import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { originFrom } from "@/lib/auth/same-origin";
import { afterSignInPath } from "@/lib/auth/safe-redirect";
import { getCurrentUser } from "@/lib/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await getCurrentUser()) redirect("/projects");
  const { callbackUrl } = await searchParams;
  // Only our own origin: an open redirect after sign-in would be a phishing aid.
  const next = afterSignInPath(typeof callbackUrl === "string" ? callbackUrl : undefined, originFrom(await headers()));
  return (
    <>
      <h1 className="text-lg font-semibold">Sign in</h1>
      <p className="mt-1 mb-5 text-sm text-slate-600">Use the email and password your admin gave you.</p>
      <SignInForm callbackUrl={next} />
    </>
  );
}
