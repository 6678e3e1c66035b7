import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "@/proxy";

function directive(policy: string, name: string) {
  return policy.split(";").map((part) => part.trim()).find((part) => part.startsWith(`${name} `));
}

describe("the page proxy's Content-Security-Policy", () => {
  it("gives each response a fresh nonce, forwards it to the renderer, and allows no inline script", () => {
    const first = proxy(new NextRequest("http://localhost/projects"));
    const second = proxy(new NextRequest("http://localhost/projects"));
    const policy = first.headers.get("content-security-policy") ?? "";
    const scriptSrc = directive(policy, "script-src") ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]{20,})'/.exec(scriptSrc)?.[1];
    expect(nonce).toBeDefined();
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(scriptSrc).not.toContain("unsafe-eval");
    expect(directive(policy, "object-src")).toBe("object-src 'none'");
    expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
    // Next reads the request-side policy to put the nonce on its own scripts.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
  });

  it("covers pages, not the API or static files", () => {
    const source = new RegExp(`^${config.matcher[0]!.source}$`);
    expect(source.test("/projects/p1/review")).toBe(true);
    expect(source.test("/sign-in")).toBe(true);
    expect(source.test("/api/projects/p1/imports")).toBe(false);
    expect(source.test("/_next/static/chunks/main.js")).toBe(false);
  });
});
