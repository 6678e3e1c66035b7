"use client";

import "./globals.css";

export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col items-center justify-center px-4 text-center">
        <h1 className="text-2xl font-semibold">Touchstone hit an unexpected error</h1>
        <p className="mt-3 text-slate-600">
          Reference: <code className="font-mono text-sm">{error.digest ?? "n/a"}</code>
        </p>
        <button type="button" onClick={reset} className="mt-6 rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white">
          Try again
        </button>
      </body>
    </html>
  );
}
