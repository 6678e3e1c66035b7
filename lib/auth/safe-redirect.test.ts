import { describe, expect, it } from "vitest";
import { authOptions } from "./options";
import { afterSignInPath } from "./safe-redirect";

// Open redirects after sign-in: every vector must land on /projects, every
// path of ours must be kept as given.

const APP = "http://localhost:3000";

const leaving = [
  "/\\evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "//evil.example",
  "///evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "https://evil.example",
  "https:evil.example",
  "http://localhost:4000/projects",
  "https://localhost:3000/projects",
  "http://evil.localhost:3000/",
  "http://localhost:3000@evil.example/",
  "javascript:alert(1)",
  "JavaScript:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
];

describe("afterSignInPath", () => {
  it.each(leaving)("sends %j to /projects", (callbackUrl) => {
    expect(afterSignInPath(callbackUrl, APP)).toBe("/projects");
  });

  it.each([
    ["/projects/abc/review?setup=1#task", "/projects/abc/review?setup=1#task"],
    ["/datasets", "/datasets"],
    ["projects", "/projects"],
    [`${APP}/projects/abc`, "/projects/abc"],
  ])("keeps %j on our origin as %j", (callbackUrl, path) => {
    expect(afterSignInPath(callbackUrl, APP)).toBe(path);
  });

  it("handles the vectors as they arrive in the sign-in URL (decoded by searchParams)", () => {
    for (const query of ["callbackUrl=/%09/evil.example", "callbackUrl=/%5Cevil.example", "callbackUrl=%2F%2Fevil.example", "callbackUrl=/%0A/evil.example"]) {
      expect(afterSignInPath(new URLSearchParams(query).get("callbackUrl"), APP), query).toBe("/projects");
    }
    // Still encoded (double-encoded in the URL), it is a path on our own origin, and stays there.
    const kept = afterSignInPath("/%09/evil.example", APP);
    expect(new URL(kept, APP).origin).toBe(APP);
  });

  it("falls back to /projects when there is no callback", () => {
    expect(afterSignInPath(undefined, APP)).toBe("/projects");
    expect(afterSignInPath("", APP)).toBe("/projects");
  });
});

describe("NextAuth's redirect callback", () => {
  const redirect = authOptions.callbacks!.redirect!;
  it.each(leaving)("keeps %j on the app", async (url) => {
    expect(await redirect({ url, baseUrl: APP })).toBe(`${APP}/projects`);
  });

  it("follows our own paths, relative or absolute", async () => {
    expect(await redirect({ url: "/sign-in", baseUrl: APP })).toBe(`${APP}/sign-in`);
    expect(await redirect({ url: `${APP}/projects/x?a=1`, baseUrl: APP })).toBe(`${APP}/projects/x?a=1`);
  });
});
