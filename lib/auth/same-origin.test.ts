import { describe, expect, it, vi } from "vitest";

// The origin rule on its own, with NEXTAUTH_URL naming the public address
// (behind a TLS-terminating proxy the server itself sees http://internal).

vi.mock("@/lib/env", () => ({ env: () => ({ NEXTAUTH_URL: "https://touchstone.example/" }) }));
const { requireSameOrigin } = await import("./same-origin");

function post(headers: Record<string, string>, method = "POST") {
  return new Request("http://10.0.0.5:3000/api/v1/projects/p/items", { method, headers: { host: "10.0.0.5:3000", ...headers } });
}

describe("requireSameOrigin", () => {
  it("accepts the configured public origin, and the origin the browser addressed", () => {
    expect(() => requireSameOrigin(post({ origin: "https://touchstone.example" }))).not.toThrow();
    expect(() => requireSameOrigin(post({ origin: "http://10.0.0.5:3000" }))).not.toThrow();
    expect(() => requireSameOrigin(post({ "sec-fetch-site": "same-origin", origin: "https://touchstone.example" }))).not.toThrow();
  });

  it.each([
    [{ origin: "https://evil.touchstone.example" }],
    [{ origin: "http://touchstone.example" }],
    [{ origin: "https://touchstone.example:8443" }],
    [{ origin: "http://10.0.0.5:3001" }],
    [{ "sec-fetch-site": "same-site", origin: "https://touchstone.example" }],
    [{ "sec-fetch-site": "cross-site" }],
    [{ "sec-fetch-site": "none" }],
    [{}],
  ])("refuses %j with FORBIDDEN", (headers: Record<string, string>) => {
    expect(() => requireSameOrigin(post(headers))).toThrow(/not from Touchstone's own pages/);
  });

  it("leaves reads alone", () => {
    expect(() => requireSameOrigin(post({ origin: "https://evil.example" }, "GET"))).not.toThrow();
    expect(() => requireSameOrigin(post({}, "HEAD"))).not.toThrow();
  });

  it("applies to every writing method", () => {
    for (const method of ["PUT", "PATCH", "DELETE"]) expect(() => requireSameOrigin(post({ origin: "https://evil.example" }, method))).toThrow();
  });
});
