import net from "node:net";
import pg from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";
import { findFreePort } from "@/lib/db/embedded-server";
import { closeSharedPools } from "@/lib/db/pg-pools";
import { databaseState, workerState } from "./health";

// Against the real test PostgreSQL, a port nobody listens on, and a server
// that accepts connections and never answers (a hung or frozen database).

afterAll(() => closeSharedPools("health"));

function withPort(url: string, port: number) {
  const copy = new URL(url);
  copy.port = String(port);
  return copy.toString();
}

describe("databaseState", () => {
  it("is ok when PostgreSQL answers", async () => {
    expect(await databaseState(process.env.DATABASE_URL!)).toBe("ok");
  });

  it("is down when nothing listens", async () => {
    const port = await findFreePort(56100);
    expect(await databaseState(withPort(process.env.DATABASE_URL!, port), 1000)).toBe("down");
  });

  it("is down, within its timeout, when the server never answers", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    const port = await findFreePort(56200);
    await new Promise<void>((resolve) => silent.listen(port, "127.0.0.1", resolve));
    const started = Date.now();
    expect(await databaseState(withPort(process.env.DATABASE_URL!, port), 500)).toBe("down");
    expect(Date.now() - started).toBeLessThan(1500);
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => silent.close(resolve));
  });
});

describe("workerState", () => {
  it("is none before any worker ran, ok while one beats, down once none does", async () => {
    const url = process.env.DATABASE_URL!;
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      expect(await workerState(url)).toBe("none");
      await pool.query(`INSERT INTO "JudgeWorker" (id, host, pid) VALUES ('w1', 'here', 1)`);
      expect(await workerState(url)).toBe("ok");
      await pool.query(`UPDATE "JudgeWorker" SET "heartbeatAt" = now() - interval '5 minutes'`);
      expect(await workerState(url)).toBe("down");
      await pool.query(`UPDATE "JudgeWorker" SET "heartbeatAt" = now(), "stoppedAt" = now()`);
      expect(await workerState(url)).toBe("down");
    } finally {
      await pool.query(`DELETE FROM "JudgeWorker"`);
      await pool.end();
    }
  });
});

describe("GET /api/health", () => {
  it("answers 200 with every state when the database is up, 503 naming it down when not", async () => {
    const up = await (await import("@/app/api/health/route")).GET();
    expect([up.status, await up.json()]).toEqual([200, { app: "ok", database: "ok", worker: "none" }]);

    const saved = process.env.DATABASE_URL!;
    process.env.DATABASE_URL = withPort(saved, await findFreePort(56300));
    vi.resetModules(); // the environment is read once per module instance
    try {
      const down = await (await import("@/app/api/health/route")).GET();
      expect([down.status, await down.json()]).toEqual([503, { app: "ok", database: "down", worker: "down" }]);
    } finally {
      process.env.DATABASE_URL = saved;
      vi.resetModules();
    }
  });
});
