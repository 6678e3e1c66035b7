// `npm run set-password -- <email>`: gives an account a new password (or an
// invited email its account), read from
// standard input (a prompt on a terminal, or piped: `echo … | npm run …`).
// The way out the launcher names when demo accounts keep their published
// passwords and HOST is beyond loopback. Uses DATABASE_URL, else the running
// `npm start`'s database, else starts the embedded PostgreSQL for the change.

import crypto from "node:crypto";
import readline from "node:readline/promises";
import pg from "pg";
import { hashPassword } from "../lib/auth/password";
import { NEW_PASSWORD_MIN_LENGTH } from "../lib/auth/schemas";
import { postgresDataDir } from "../lib/db/data-dir";
import { startEmbeddedPostgres } from "../lib/db/embedded-server";
import { readRuntimeDatabaseUrl } from "../lib/db/runtime-file";

const MIN_LENGTH = NEW_PASSWORD_MIN_LENGTH;

async function readPassword() {
  const prompt = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: false });
  if (process.stdin.isTTY) process.stdout.write(`New password (at least ${MIN_LENGTH} characters): `);
  const line = (await prompt[Symbol.asyncIterator]().next()).value as string | undefined;
  prompt.close();
  return (line ?? "").trim();
}

async function main() {
  const email = process.argv[2];
  if (!email) throw new Error("Usage: npm run set-password -- <email>");
  const password = await readPassword();
  if (password.length < MIN_LENGTH) throw new Error(`The password must have at least ${MIN_LENGTH} characters.`);

  let databaseUrl = process.env.DATABASE_URL ?? readRuntimeDatabaseUrl();
  const embedded = databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: postgresDataDir() });
  databaseUrl ??= embedded!.urlFor("touchstone");
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const passwordHash = await hashPassword(password);
    const { rowCount } = await client.query(`UPDATE "User" SET "passwordHash" = $1, "updatedAt" = now() WHERE email = $2`, [passwordHash, email]);
    if (rowCount) {
      console.log(`The password of ${email} is changed.`);
      return;
    }
    // An email invited to a project (Settings → Members) gets its account here;
    // its invitations become memberships at its first sign-in.
    const invited = await client.query(`SELECT 1 FROM "Invitation" WHERE email = $1 LIMIT 1`, [email.toLowerCase()]);
    if (!invited.rowCount) throw new Error(`No account with the email ${email}, and no invitation for it.`);
    await client.query(`INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES ($1, $2, $3, $4, now())`, [
      crypto.randomUUID(),
      email.toLowerCase(),
      email.split("@")[0],
      passwordHash,
    ]);
    console.log(`Created an account for the invited ${email}: signing in joins the projects it is invited to.`);
  } finally {
    await client.end();
    await embedded?.stop();
  }
}

main().catch((error: Error) => {
  console.error(`✖ ${error.message}`);
  process.exit(1);
});
