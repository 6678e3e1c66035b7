"use client";

import { Button } from "@/components/ui/button";

// Never show the exception itself: it may carry internals. The digest lets an
// operator find the full error in the server log.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto flex max-w-lg flex-col items-center px-4 py-24 text-center">
      <p className="text-sm font-semibold text-red-600">Error</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Something went wrong</h1>
      <p className="mt-3 text-slate-600">
        The problem has been logged. Try again; if it keeps happening, give your admin this reference:{" "}
        <code className="font-mono text-sm">{error.digest ?? "n/a"}</code>
      </p>
      <Button className="mt-6" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
