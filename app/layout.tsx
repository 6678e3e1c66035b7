import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./fonts";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Touchstone", template: "%s · Touchstone" },
  description: "Human review for LLM evaluation: expert labels that keep LLM judges honest.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so Next can put that response's CSP nonce (proxy.ts) on its scripts.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
