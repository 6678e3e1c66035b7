import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../lib/db/data-dir";

const SOURCES = ["app", "lib", "components", "public", "instrumentation.ts", "next.config.ts", "package-lock.json", "postcss.config.mjs"];

/** True when there is no production build in `distDir`, or a source file is newer than it. */
export function needsBuild(distDir = process.env.NEXT_DIST_DIR ?? ".next") {
  const buildId = path.join(projectRoot, distDir, "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(projectRoot, source)) > builtAt);
}

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    if (entry.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}
