import { env, EnvError } from "./env";

// A bad environment stops the server with a clear message instead of failing
// on the first request with a stack trace.
try {
  env();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
