import type { Metadata } from "next";
import { SignOutButton } from "./sign-out-button";

export const metadata: Metadata = { title: "Sign out" };

export default function SignOutPage() {
  return (
    <>
      <h1 className="text-lg font-semibold">Sign out</h1>
      <p className="mt-1 mb-5 text-sm text-slate-600">Your drafts are saved on the server; you can pick up where you left off.</p>
      <SignOutButton />
    </>
  );
}
