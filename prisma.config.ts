import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";
import { readRuntimeDatabaseUrl } from "./lib/db/runtime-file";

// The Prisma CLI downloads a native schema engine for generate / migrate / db /
// validate / format, and this project's machines cannot download it. The CLI
// accepts any executable in PRISMA_SCHEMA_ENGINE_BINARY, and reads it only
// after this file is loaded, so point it at our wasm-backed stand-in (see the
// script's header). `??=` keeps an explicit override (e.g. a real binary).
// Resolved from this file, not the cwd, so `--config` from elsewhere works.
const configDir = path.dirname(fileURLToPath(import.meta.url));
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(configDir, "scripts", "prisma-schema-engine.mjs");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
  },
  datasource: {
    // DATABASE_URL wins; otherwise the embedded server the launcher started.
    // Left undefined when neither exists: `prisma generate` needs no database.
    url: process.env.DATABASE_URL ?? readRuntimeDatabaseUrl(),
  },
});
