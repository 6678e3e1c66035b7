import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { hasPassword } from "@/lib/account/queries";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requireUser();
  return (
    <>
      <PageHeader title="Your account" description={`${user.name} · ${user.email}`} />
      <div className="max-w-xl">
        <Card title="Password" description="A new password ends your sessions in every other browser; this one stays signed in.">
          {(await hasPassword(user.id)) ? (
            <ChangePasswordForm />
          ) : (
            <p className="text-sm text-slate-600">You sign in through single sign-on: your password lives at your identity provider.</p>
          )}
        </Card>
      </div>
    </>
  );
}
