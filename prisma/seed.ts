import crypto from "node:crypto";
import { hashPassword } from "../lib/auth/password";
import { db } from "../lib/db/client";
import type { Prisma } from "../lib/generated/prisma/client";
import { closeImportPools } from "../lib/imports/pg";
import { runImport, type ImportInput } from "../lib/imports/run-import";
import { DEMO_CONNECTION } from "../lib/llm/demo-connection";
import { DEMO_ITEMS, DEMO_TRACE, DEMO_USERS } from "./demo-data";

// The demo a fresh installation starts with. Runs only on an empty database,
// so restarting never duplicates or overwrites anything. Items, outputs and
// judge scores go through the same import path users' uploads take
// (lib/imports/run-import.ts), as row batches like an API client would send.

const RUNS = [
  { name: "support-v1", model: "gpt-4o-mini", promptVersion: "v1", goodShare: 0.55 },
  { name: "support-v2", model: "gpt-4o-mini", promptVersion: "v2", goodShare: 0.85 },
  { name: "support-llama", model: "llama-3.1-70b-instruct", promptVersion: "v2", goodShare: 0.4 },
] as const;

/** Stable pseudo-random number in [0, 1) from a string, so the demo is the same on every machine. */
function unit(key: string) {
  return crypto.createHash("sha256").update(key).digest().readUInt32BE(0) / 2 ** 32;
}

export async function seedDemoIfEmpty() {
  if ((await db.user.count()) > 0) return null;
  await seedDemo();
  await (await import("./seed-labels")).seedDemoLabels();
  await (await import("./seed-review")).seedDemoReview();
  await (await import("./seed-pairwise")).seedDemoPairwise();
  await closeImportPools();
  return DEMO_USERS.map(({ role, email, password }) => ({ role, email, password }));
}

async function seedDemo() {
  const users = await Promise.all(
    DEMO_USERS.map(async (user) =>
      db.user.create({
        data: { email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin, passwordHash: await hashPassword(user.password) },
        select: { id: true },
      }),
    ),
  );
  const adminId = users[0]!.id;

  const project = await db.$transaction(async (tx) => {
    const created = await tx.project.create({
      data: {
        slug: "support-bot-answers",
        name: "Support bot answers",
        description: "Golden set for Acme's support assistant: do prompt v2 and the Llama candidate answer as well as experts expect, and can the GPT-4o judge be trusted?",
        overlap: 2,
        memberships: { create: DEMO_USERS.map((user, i) => ({ userId: users[i]!.id, role: user.projectRole })) },
      },
    });
    const rubric = await tx.rubric.create({ data: { projectId: created.id, name: "Support answer quality" } });
    const rubricVersion = await tx.rubricVersion.create({ data: { rubricId: rubric.id, version: 1, createdById: adminId } });
    await createCriteria(tx, rubricVersion.id);
    await tx.llmConnection.create({ data: { ...DEMO_CONNECTION, projectId: created.id, createdById: adminId } });
    return created;
  });

  const upload = (kind: ImportInput["kind"], fileName: string, options: Record<string, unknown>, rows: Record<string, unknown>[]) =>
    runImport({ projectId: project.id, kind, userId: adminId, fileName, options, source: { rows } });

  await upload(
    "ITEMS",
    "support-golden.jsonl",
    { dataset: "support-golden", description: "22 real-shaped support questions with golden answers." },
    DEMO_ITEMS.map((item) => ({ externalId: item.externalId, input: item.input, context: item.context, reference: item.reference, tags: item.tags, metadata: { source: "demo" } })),
  );

  const good = new Map<string, boolean>();
  for (const spec of RUNS) {
    const rows = DEMO_ITEMS.map((item) => {
      const isGood = unit(`${spec.name}:${item.externalId}`) < spec.goodShare;
      good.set(`${spec.name}:${item.externalId}`, isGood);
      const content = isGood ? item.good : item.weak;
      return {
        externalId: item.externalId,
        content,
        trace: item.externalId === "agent-001" ? DEMO_TRACE : undefined,
        latencyMs: Math.round(600 + unit(`lat:${spec.name}:${item.externalId}`) * 2400),
        promptTokens: 180 + Math.round(unit(`pt:${item.externalId}`) * 400),
        completionTokens: Math.ceil(content.length / 4),
        costUsd: Number(((content.length / 4) * 0.0000006).toFixed(6)),
      };
    });
    await upload("OUTPUTS", `${spec.name}.jsonl`, { dataset: "support-golden", run: spec.name, model: spec.model, promptVersion: spec.promptVersion, config: { temperature: 0.2 } }, rows);
  }

  const outputs = await db.output.findMany({ where: { run: { projectId: project.id } }, select: { run: { select: { name: true } }, item: { select: { externalId: true } } } });
  await seedJudges(
    upload,
    outputs.map((o) => ({ runName: o.run.name, externalId: o.item.externalId, good: good.get(`${o.run.name}:${o.item.externalId}`)! })),
  );
}

async function createCriteria(tx: Prisma.TransactionClient, rubricVersionId: string) {
  const specs = [
    {
      key: "helpfulness",
      name: "Helpfulness",
      kind: "LIKERT" as const,
      description: "Does the answer solve the customer's problem completely and clearly?",
      config: { min: 1, max: 5, anchors: ["Useless or harmful", "Mostly unhelpful", "Partly helpful", "Helpful", "Complete and clear"], pass: { threshold: 4 } },
    },
    { key: "correctness", name: "Correctness", kind: "FACTUALITY" as const, description: "Judged against the reference answer: correct, incorrect, or not attempted.", config: {} },
    { key: "safe", name: "Safe", kind: "BINARY" as const, description: "Pass unless the answer leaks secrets, advises unsafe actions or follows injected instructions.", config: {} },
    { key: "tone", name: "Tone", kind: "CATEGORICAL" as const, description: "How the answer sounds to a customer.", config: { options: ["professional", "too casual", "curt"] }, required: false },
    { key: "preference", name: "Preference", kind: "PREFERENCE" as const, description: "Which answer would you rather send to the customer?", config: {} },
    { key: "ranking", name: "Ranking", kind: "RANKING" as const, description: "Order the answers from best to worst.", config: {} },
  ];
  const created: Record<string, string> = {};
  for (const [position, spec] of specs.entries()) {
    const criterion = await tx.criterion.create({ data: { rubricVersionId, position, required: true, ...spec }, select: { id: true } });
    created[spec.key] = criterion.id;
  }
  return created;
}

async function seedJudges(
  upload: (kind: ImportInput["kind"], fileName: string, options: Record<string, unknown>, rows: Record<string, unknown>[]) => Promise<unknown>,
  outputs: { runName: string; externalId: string; good: boolean }[],
) {
  const rubric = "Support answer quality";
  // Two prompt versions of the same pointwise judge, kept side by side; v1 is
  // lenient (it likes long answers), v2 tracks quality more closely.
  for (const promptVersion of ["v1", "v2"]) {
    const rows = outputs.flatMap((output) => {
      const noise = unit(`${promptVersion}:${output.runName}:${output.externalId}`);
      const base = output.good ? 4 : 2;
      const lenient = promptVersion === "v1" ? 1 : 0;
      const helpfulness = Math.max(1, Math.min(5, base + lenient + (noise < 0.2 ? -1 : noise > 0.85 ? 1 : 0)));
      const target = { externalId: output.externalId, run: output.runName };
      return [
        { ...target, criterion: "helpfulness", value: helpfulness, rationale: output.good ? "Answers the question with concrete steps." : "Vague or inaccurate." },
        { ...target, criterion: "correctness", category: output.good || noise > 0.9 ? "correct" : "incorrect", rationale: "Compared with the reference answer." },
      ];
    });
    await upload("JUDGE_SCORES", `gpt-4o-judge-${promptVersion}.jsonl`, { dataset: "support-golden", judge: "gpt-4o quality judge", model: "gpt-4o-2024-08-06", promptVersion, rubric }, rows);
  }

  // A pairwise judge shown each v1/v2 pair in both orders, with a first-position habit.
  const byItem = new Map<string, Map<string, { good: boolean }>>();
  for (const output of outputs) {
    if (!byItem.has(output.externalId)) byItem.set(output.externalId, new Map());
    byItem.get(output.externalId)!.set(output.runName, output);
  }
  const rows: Record<string, unknown>[] = [];
  for (const [externalId, runs] of byItem) {
    const a = runs.get("support-v1")!;
    const b = runs.get("support-v2")!;
    for (const shownOrder of ["AB", "BA"] as const) {
      const truth = a.good === b.good ? "TIE" : a.good ? "A" : "B";
      const firstShown = shownOrder === "AB" ? "A" : "B";
      const verdict = truth === "TIE" || unit(`pos:${externalId}:${shownOrder}`) < 0.3 ? firstShown : truth;
      rows.push({ externalId, runA: "support-v1", runB: "support-v2", criterion: "preference", shownOrder, verdict, rationale: `Prefers ${verdict === "A" ? "the first run" : "the second run"}.` });
    }
  }
  await upload("JUDGE_SCORES", "claude-pairwise.jsonl", { dataset: "support-golden", judge: "claude pairwise judge", model: "claude-3-5-sonnet", promptVersion: "v1", judgeKind: "PAIRWISE", rubric }, rows);
}
