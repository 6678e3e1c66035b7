// Runs once when the server starts. The check lives in a Node-only module,
// imported only on the Node.js runtime, so the edge bundle never sees it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./lib/env-check");
  }
}
