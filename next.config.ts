import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and driver packages stay in node_modules instead of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  // `npm test` type-checks the whole project as its own first step; the build
  // does not repeat it (it would double the build time on a 2-core machine).
  typescript: { ignoreBuildErrors: true },
  // Lets two builds (e.g. parallel e2e runs) live side by side.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  typedRoutes: false,
  // forbidden() renders app/forbidden.tsx with a 403 for pages a role may not open.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
