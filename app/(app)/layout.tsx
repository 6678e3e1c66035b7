import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/logo";
import { requireUser } from "@/lib/auth/session";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-7xl items-center justify-between px-4 sm:px-6">
          <Link href="/projects" aria-label="Touchstone: all projects">
            <Logo />
          </Link>
          <div className="flex items-center gap-4 text-sm">
            <span className="text-slate-700" data-testid="current-user">
              <span className="font-medium">{user.name}</span>
              <span className="hidden text-slate-500 sm:inline"> · {user.email}</span>
            </span>
            <Link href="/account" className="rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100">
              Account
            </Link>
            <Link href="/sign-out" className="rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100">
              Sign out
            </Link>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
