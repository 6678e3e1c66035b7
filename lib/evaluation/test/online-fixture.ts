import crypto from "node:crypto";
import { db } from "@/lib/db/client";
import { createProjectWithMembers } from "@/lib/db/test/factories";
import { DEFAULT_TEMPLATES } from "@/lib/judge-runner/template";
import { ingestTraffic } from "@/lib/traffic/ingest";
import { rowFromInput, trafficRowSchema } from "@/lib/traffic/schemas";

// A project whose pointwise judge version (1–5 quality, temperature 0,
// max_tokens 100) runs on a connection to the given OpenAI-compatible server,
// and production traffic sent the real way (ingestTraffic draws the samples).

export async function createOnlineFixture(options: { baseUrl: string; priceIn: number; priceOut: number }) {
  const projectId = (await createProjectWithMembers(["ADMIN", "LEAD"])).project.id;
  const rubric = await db.rubric.create({ data: { projectId, name: "Support" } });
  const version = await db.rubricVersion.create({ data: { rubricId: rubric.id, version: 1 } });
  await db.criterion.create({ data: { rubricVersionId: version.id, key: "quality", name: "Quality", kind: "LIKERT", position: 0, config: { min: 1, max: 5, anchors: [] } } });
  const connection = await db.llmConnection.create({
    data: { projectId, name: "Fake", baseUrl: options.baseUrl, model: "touchstone-demo", inputPricePerMTok: options.priceIn, outputPricePerMTok: options.priceOut, timeoutMs: 5000 },
  });
  const definition = await db.judgeDefinition.create({ data: { projectId, name: "Quality judge", mode: "POINTWISE", rubricId: rubric.id, criterionKey: "quality" } });
  const judge = await db.judge.create({
    data: {
      projectId, name: "Quality judge", model: connection.model, promptVersion: "v1", definitionId: definition.id, version: 1,
      connectionId: connection.id, template: DEFAULT_TEMPLATES.POINTWISE, params: { temperature: 0, maxTokens: 100 },
    },
  });
  return { projectId, judgeId: judge.id, connectionId: connection.id };
}

/** Rows of equal length (so every rendered prompt has the same token estimate), unique per call; returns their tag. */
export async function ingestRows(projectId: string, count: number, segment = "enterprise") {
  const tag = crypto.randomBytes(4).toString("hex");
  const rows = Array.from({ length: count }, (_, index) =>
    rowFromInput(
      trafficRowSchema.parse({
        id: `${tag}-${index}`,
        timestamp: new Date(Date.now() - (index + 1) * 1000).toISOString(),
        messages: [{ role: "user", content: `Question ${tag} ${String(index).padStart(3, "0")}: where is my parcel?` }],
        answer: `Answer ${tag} ${String(index).padStart(3, "0")}: it ships tomorrow.`,
        segment,
      }),
    ),
  );
  await ingestTraffic(projectId, rows, "api");
  return tag;
}
