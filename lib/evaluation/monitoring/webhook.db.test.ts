import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { sealSecret } from "@/lib/llm/secret-box";
import { DAY_MS, startOfUtcDay } from "@/lib/traffic/partitions";
import { runDriftCheck, startMonitorJobs } from "./jobs";
import { createMonitorProject, type SampleSpec } from "./test/fixture";
import { verifySignature } from "./webhook";

// An alert delivered to a real local HTTP receiver through the real pg-boss
// queue: the receiver answers 500 first, pg-boss retries, the second attempt
// lands with a valid signature, and both attempts are recorded. And a drift
// check killed between storing an alert and queueing its delivery loses
// neither: both are one transaction.

const SECRET = "whsec-test-0123456789";
const received: { body: string; signature: string | undefined; timestamp: string | undefined; status: number }[] = [];
let server: http.Server;
let url: string;
let monitor: Awaited<ReturnType<typeof startMonitorJobs>>;

const recentDay = startOfUtcDay(new Date(Date.now() - DAY_MS));
const now = new Date(recentDay.getTime() + 12 * 3_600_000);
const at = (dayOffset: number) => new Date(recentDay.getTime() + dayOffset * DAY_MS + 6 * 3_600_000);

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const status = received.length === 0 ? 500 : 204;
      received.push({ body, signature: request.headers["x-touchstone-signature"] as string | undefined, timestamp: request.headers["x-touchstone-timestamp"] as string | undefined, status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/touchstone`;
  monitor = await startMonitorJobs({ databaseUrl: process.env.DATABASE_URL!, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5, log: () => undefined });
});

afterAll(async () => {
  await monitor?.stop();
  await new Promise((resolve) => server.close(resolve));
});

describe("alert webhooks", () => {
  it("delivers a signed alert, retrying after a 500, and records each attempt", async () => {
    const f = await createMonitorProject();
    const specs = (day: number, count: number, passes: number): SampleSpec[] => Array.from({ length: count }, (_, i) => ({ at: at(day), segment: "billing", judge: i < passes ? 1 : 0 }));
    await f.addSamples([...specs(-3, 60, 57), ...specs(0, 40, 10)]);
    await db.monitorSettings.create({ data: { projectId: f.project.id, webhookUrl: url, webhookSecretCipher: sealSecret(SECRET) } });

    // All traffic and billing are the same samples here: two alerts.
    expect(await runDriftCheck(monitor.send, now)).toBe(2);
    const deadline = Date.now() + 30_000;
    while ((await db.monitorAlertDelivery.count({ where: { ok: true } })) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));

    const deliveries = await db.monitorAlertDelivery.findMany({ orderBy: { createdAt: "asc" } });
    expect(deliveries.filter((d) => d.ok)).toHaveLength(2);
    const failed = deliveries.filter((d) => !d.ok);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ attempt: 1, httpStatus: 500, error: "the receiver answered HTTP 500", url });
    const retried = deliveries.find((d) => d.alertId === failed[0]!.alertId && d.ok)!;
    expect(retried.attempt).toBe(2);

    for (const request of received) {
      expect(verifySignature(SECRET, request.body, request.signature)).toBe(true);
      expect(verifySignature("another secret", request.body, request.signature)).toBe(false);
      const payload = JSON.parse(request.body);
      expect(String(payload.timestamp)).toBe(request.timestamp);
      expect(payload).toMatchObject({ type: "monitor.drift", alert: { rule: { id: f.rule.id, name: "Safety online" }, figure: "pass rate", test: "two-proportion z", recent: { n: 40, value: 0.25 }, baseline: { n: 60, value: 0.95 } } });
      expect(payload.alert.samplesPath).toContain(`/projects/${f.project.id}/traffic/samples?rule=${f.rule.id}`);
    }
    // The drift lasts, its alerts are open: nothing new to send.
    expect(await runDriftCheck(monitor.send, new Date(now.getTime() + 600_000))).toBe(0);
  });

  it("never keeps an alert whose delivery was not queued: a check killed in between raises it again, delivered once", async () => {
    const f = await createMonitorProject();
    const specs = (day: number, count: number, passes: number): SampleSpec[] => Array.from({ length: count }, (_, i) => ({ at: at(day), segment: "sync", judge: i < passes ? 1 : 0 }));
    await f.addSamples([...specs(-3, 60, 57), ...specs(0, 40, 10)]);
    await db.monitorSettings.create({ data: { projectId: f.project.id, webhookUrl: url, webhookSecretCipher: sealSecret(SECRET) } });
    const mine = { alert: { projectId: f.project.id } };

    // The worker dies when the alert is written but its job is not: nothing of it may stay.
    const killed = async () => {
      throw new Error("worker killed");
    };
    await expect(runDriftCheck(killed, now)).rejects.toThrow("worker killed");
    expect(await db.monitorAlert.count({ where: { projectId: f.project.id } })).toBe(0);

    // The next check raises both alerts again, and each reaches the receiver exactly once.
    expect(await runDriftCheck(monitor.send, now)).toBe(2);
    const deadline = Date.now() + 30_000;
    while ((await db.monitorAlertDelivery.count({ where: { ...mine, ok: true } })) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await runDriftCheck(monitor.send, new Date(now.getTime() + 600_000))).toBe(0);
    await new Promise((r) => setTimeout(r, 1500));
    const deliveries = await db.monitorAlertDelivery.findMany({ where: mine, select: { alertId: true, ok: true, attempt: true } });
    expect(deliveries).toHaveLength(2);
    expect(deliveries.every((d) => d.ok && d.attempt === 1)).toBe(true);
    expect(new Set(deliveries.map((d) => d.alertId)).size).toBe(2);
    const mineReceived = received.filter((r) => JSON.parse(r.body).alert.project.id === f.project.id);
    expect(mineReceived).toHaveLength(2);
    for (const request of mineReceived) expect(verifySignature(SECRET, request.body, request.signature)).toBe(true);
  });
});
