#!/usr/bin/env node
// `npx touchstone <command> …`: talks to a Touchstone server's REST API with a
// project API token. Each command lives in scripts/cli/<command>.mjs and
// exports `run(argv)` returning an exit code.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "cli");
const commands = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".mjs") && !f.startsWith("_")).map((f) => f.slice(0, -4)) : [];
const [command, ...rest] = process.argv.slice(2);

if (!command || command === "--help" || command === "-h" || !commands.includes(command)) {
  console.error(`Usage: touchstone <command> [options]\n\nCommands: ${commands.join(", ") || "(none)"}\nRun \`touchstone <command> --help\` for a command's options.`);
  process.exit(command && !["--help", "-h"].includes(command) ? 2 : 0);
}

const { run } = await import(path.join(dir, `${command}.mjs`));
process.exit(await run(rest));
