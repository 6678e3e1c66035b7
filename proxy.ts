import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/lib/security/csp";

// Next 16's request proxy (formerly middleware): gives every page response a
// Content-Security-Policy with a fresh nonce. Next reads the policy from the
// request headers and puts the nonce on its own scripts; this is why pages
// are rendered per request (app/layout.tsx), never prerendered.
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, {
    dev: process.env.NODE_ENV === "development",
    https: process.env.NEXTAUTH_URL?.startsWith("https://") ?? false,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API responses are JSON, and static files carry no scripts of their own.
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      // Prefetches are not rendered as documents.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
