import crypto from "node:crypto";
import { db } from "@/lib/db/client";
import { openSecret } from "@/lib/llm/secret-box";
import { samplesLink } from "./links";

// Alert delivery to the project's webhook (docs/FORMATS.md#monitor-webhook):
// POST of a JSON body, signed with the project's secret —
// `X-Touchstone-Signature: sha256=<hex HMAC-SHA256 of the raw body>` — and
// `X-Touchstone-Timestamp: <unix seconds>`, which the body repeats as
// `timestamp`, so the signature covers it and a receiver can refuse replays
// older than a few minutes. Each attempt is recorded; a failed one throws,
// and the pg-boss job retries it with backoff (jobs.ts).

const TIMEOUT_MS = 10_000;

export function signBody(secret: string, body: string): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** What a receiver does: recompute the HMAC of the raw body and compare in constant time. */
export function verifySignature(secret: string, body: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

export class WebhookDeliveryError extends Error {}

export async function alertPayload(alertId: string, timestamp: number) {
  const alert = await db.monitorAlert.findUniqueOrThrow({
    where: { id: alertId },
    include: { rule: { select: { id: true, name: true, project: { select: { id: true, name: true } } } } },
  });
  return {
    type: "monitor.drift",
    timestamp,
    alert: {
      id: alert.id,
      status: alert.status.toLowerCase(),
      createdAt: alert.createdAt.toISOString(),
      project: alert.rule.project,
      rule: { id: alert.rule.id, name: alert.rule.name },
      segment: alert.segment,
      figure: alert.figure,
      test: alert.test,
      baseline: { from: alert.baselineFrom.toISOString(), to: alert.recentFrom.toISOString(), value: alert.baselineValue, n: alert.baselineN },
      recent: { from: alert.recentFrom.toISOString(), to: alert.recentTo.toISOString(), value: alert.recentValue, n: alert.recentN },
      difference: alert.recentValue - alert.baselineValue,
      pValue: alert.pValue,
      qValue: alert.qValue,
      fdr: alert.fdr,
      samplesPath: samplesLink(alert.rule.project.id, { ruleId: alert.ruleId, from: alert.recentFrom, to: alert.recentTo, segment: alert.segment }),
    },
  };
}

/**
 * One delivery attempt of an alert. Records it (ok or not) and throws
 * WebhookDeliveryError on failure so the queue retries; returns quietly when
 * the project has no webhook (nothing to deliver).
 */
export async function deliverAlert(alertId: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  const alert = await db.monitorAlert.findUnique({ where: { id: alertId }, select: { projectId: true, _count: { select: { deliveries: true } } } });
  if (!alert) return;
  const settings = await db.monitorSettings.findUnique({ where: { projectId: alert.projectId }, select: { webhookUrl: true, webhookSecretCipher: true } });
  if (!settings?.webhookUrl) return;
  const attempt = alert._count.deliveries + 1;
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify(await alertPayload(alertId, timestamp));
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Touchstone-Monitor", "x-touchstone-timestamp": String(timestamp) };
  if (settings.webhookSecretCipher) headers["x-touchstone-signature"] = signBody(openSecret(settings.webhookSecretCipher), body);
  let httpStatus: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetchImpl(settings.webhookUrl, { method: "POST", headers, body, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "manual" });
    httpStatus = response.status;
    await response.body?.cancel();
    if (httpStatus < 200 || httpStatus >= 300) error = `the receiver answered HTTP ${httpStatus}`;
  } catch (caught) {
    error = (caught as Error).name === "TimeoutError" ? `no answer within ${TIMEOUT_MS / 1000} s` : `could not connect: ${(caught as Error).message}`;
  }
  await db.monitorAlertDelivery.create({ data: { alertId, attempt, ok: error === null, httpStatus, error, url: settings.webhookUrl } });
  if (error) throw new WebhookDeliveryError(`Webhook delivery ${attempt} of alert ${alertId} failed: ${error}`);
}
