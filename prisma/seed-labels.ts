import crypto from "node:crypto";
import { hashPassword } from "../lib/auth/password";
import { db } from "../lib/db/client";
import type { Prisma } from "../lib/generated/prisma/client";
import { DEMO_ITEMS } from "./demo-data";

// Human labels for the demo, so the dashboards show real numbers: four
// expert reviewers (imported from an earlier labelling round, source IMPORT)
// who agree with each other well but not perfectly — one is lenient, one
// strict, one careless — on helpfulness, correctness, safe and preference.
// Deterministic: the same labels on every machine.

export const LABEL_REVIEWERS = [
  { email: "maya@touchstone.local", name: "Maya Expert", bias: 0, noise: 0.12 },
  { email: "omar@touchstone.local", name: "Omar Expert", bias: 0.35, noise: 0.15 },
  { email: "ines@touchstone.local", name: "Ines Expert", bias: -0.3, noise: 0.15 },
  { email: "theo@touchstone.local", name: "Theo Contractor", bias: 0, noise: 0.45 },
] as const;
const REVIEWER_PASSWORD = "touchstone-expert";

function unit(key: string) {
  return crypto.createHash("sha256").update(key).digest().readUInt32BE(0) / 2 ** 32;
}

const RATIONALES = {
  helpfulness: {
    high: ["Gives the exact steps and says what happens next.", "Complete answer; the customer would not need to write back.", "Clear and specific, matches what support would say."],
    mid: ["Right direction but leaves out a step.", "Partly answers; the customer still has to look things up."],
    low: ["Too vague to act on.", "Misses the actual question.", "Sends the customer the wrong way."],
  },
  correctness: { correct: "Matches the reference answer.", incorrect: "Contradicts the reference answer.", not_attempted: "Does not really answer the question." },
  safe: { pass: "Nothing risky.", fail: "Gives advice that could cost the customer data or leak access." },
  preference: { A: "The first answer is more complete.", B: "The second answer is more complete.", TIE: "Both are about as useful." },
};

function pick<T>(list: readonly T[], key: string) {
  return list[Math.floor(unit(key) * list.length)]!;
}

export async function seedDemoLabels() {
  const project = await db.project.findUnique({ where: { slug: "support-bot-answers" }, select: { id: true } });
  if (!project) return;
  const rubricVersion = await db.rubricVersion.findFirst({
    where: { rubric: { projectId: project.id, name: "Support answer quality" } },
    select: { id: true, criteria: { select: { id: true, key: true } } },
    orderBy: { version: "desc" },
  });
  if (!rubricVersion) return;
  const criterion = Object.fromEntries(rubricVersion.criteria.map((c) => [c.key, c.id]));
  const outputs = await db.output.findMany({
    where: { run: { projectId: project.id } },
    select: { id: true, content: true, run: { select: { name: true } }, item: { select: { externalId: true } } },
  });
  const itemByExternalId = new Map(DEMO_ITEMS.map((item) => [item.externalId, item]));
  const passwordHash = await hashPassword(REVIEWER_PASSWORD);

  await db.$transaction(
    async (tx) => {
      // Model families make the self-preference figure meaningful: the GPT-4o
      // judge grades two GPT-4o-family runs and one Llama run.
      await tx.judge.updateMany({ where: { projectId: project.id, model: { startsWith: "gpt-4o" } }, data: { modelFamily: "gpt-4o" } });
      await tx.judge.updateMany({ where: { projectId: project.id, model: { startsWith: "claude" } }, data: { modelFamily: "claude" } });
      await tx.run.updateMany({ where: { projectId: project.id, model: { startsWith: "gpt-4o" } }, data: { modelFamily: "gpt-4o" } });
      await tx.run.updateMany({ where: { projectId: project.id, model: { startsWith: "llama" } }, data: { modelFamily: "llama" } });

      const reviewers: ((typeof LABEL_REVIEWERS)[number] & { id: string })[] = [];
      for (const spec of LABEL_REVIEWERS) {
        const user = await tx.user.create({ data: { email: spec.email, name: spec.name, passwordHash }, select: { id: true } });
        await tx.membership.create({ data: { projectId: project.id, userId: user.id, role: "REVIEWER" } });
        reviewers.push({ ...spec, id: user.id });
      }

      const labels: { reviewerId: string; clientId: string; rationale: string; activeMs: number; values: Omit<Prisma.LabelValueCreateManyInput, "labelId">[] }[] = [];
      outputs.forEach((output, index) => {
        const item = itemByExternalId.get(output.item.externalId);
        if (!item) return;
        const good = output.content === item.good;
        // Latent quality of the answer as a careful expert would grade it.
        const roll = unit(`q:${output.id}`);
        const quality = good ? (roll < 0.45 ? 5 : 4) : roll < 0.25 ? 1 : roll > 0.8 ? 3 : 2;
        const unsafe = !good && item.tags.some((t) => t === "security" || t === "safety" || t === "restore") && roll < 0.7;
        reviewers.forEach((reviewer, r) => {
          // Three of the four reviewers see each output.
          if (r === index % reviewers.length) return;
          const key = `${reviewer.email}:${output.id}`;
          const noise = unit(`n:${key}`);
          const shift = noise < reviewer.noise / 2 ? -1 : noise > 1 - reviewer.noise / 2 ? 1 : 0;
          const lean = unit(`b:${key}`) < Math.abs(reviewer.bias) ? Math.sign(reviewer.bias) : 0;
          const helpfulness = Math.max(1, Math.min(5, quality + shift + lean));
          const flip = unit(`f:${key}`) < reviewer.noise / 2;
          const correctness = (good !== flip) ? "correct" : helpfulness <= 1 && unit(`na:${key}`) < 0.5 ? "not_attempted" : "incorrect";
          const safe = unsafe !== (unit(`s:${key}`) < reviewer.noise / 3) ? 0 : 1;
          const tier = helpfulness >= 4 ? "high" : helpfulness === 3 ? "mid" : "low";
          const rationale = [pick(RATIONALES.helpfulness[tier], key), RATIONALES.correctness[correctness], safe ? "" : RATIONALES.safe.fail].filter(Boolean).join(" ");
          labels.push({
            reviewerId: reviewer.id,
            clientId: `demo-import:${output.id}`,
            rationale,
            activeMs: Math.round(25_000 + unit(`t:${key}`) * 70_000 + (reviewer.noise > 0.3 ? -15_000 : 0)),
            values: [
              { criterionId: criterion.helpfulness!, targetKey: output.id, outputId: output.id, value: helpfulness },
              { criterionId: criterion.correctness!, targetKey: output.id, outputId: output.id, category: correctness },
              { criterionId: criterion.safe!, targetKey: output.id, outputId: output.id, value: safe },
            ],
          });
        });
      });

      // Preference between support-v1 and support-v2 on every item, as the pairwise judge compares them.
      const byItem = new Map<string, Map<string, { id: string; good: boolean }>>();
      for (const output of outputs) {
        const item = itemByExternalId.get(output.item.externalId);
        if (!item) continue;
        const runs = byItem.get(item.externalId) ?? new Map();
        runs.set(output.run.name, { id: output.id, good: output.content === item.good });
        byItem.set(item.externalId, runs);
      }
      [...byItem.entries()].forEach(([externalId, runs], index) => {
        const v1 = runs.get("support-v1");
        const v2 = runs.get("support-v2");
        if (!v1 || !v2) return;
        const [a, b] = v1.id < v2.id ? [v1, v2] : [v2, v1];
        const truth = a.good === b.good ? "TIE" : a.good ? "A" : "B";
        reviewers.forEach((reviewer, r) => {
          if (r === index % reviewers.length) return;
          const key = `${reviewer.email}:${externalId}:pref`;
          const noise = unit(key);
          // Ties are where people split most: half of them pick a side.
          const verdict = noise < reviewer.noise / 2 ? (truth === "A" ? "B" : "A") : truth === "TIE" && unit(`t:${key}`) < 0.5 ? (unit(`s:${key}`) < 0.5 ? "A" : "B") : truth;
          labels.push({
            reviewerId: reviewer.id,
            clientId: `demo-import:${a.id}:${b.id}`,
            rationale: RATIONALES.preference[verdict],
            activeMs: Math.round(40_000 + unit(`tp:${key}`) * 80_000),
            values: [{ criterionId: criterion.preference!, targetKey: `${a.id}:${b.id}`, outputId: a.id, otherOutputId: b.id, category: verdict }],
          });
        });
      });

      for (const { values, ...label } of labels) {
        const created = await tx.label.create({ data: { ...label, rubricVersionId: rubricVersion.id, source: "IMPORT" }, select: { id: true } });
        await tx.labelValue.createMany({ data: values.map((value) => ({ ...value, labelId: created.id })) });
      }
    },
    { timeout: 60_000 },
  );
}
