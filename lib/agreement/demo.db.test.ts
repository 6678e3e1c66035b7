import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { seedDemoIfEmpty } from "@/prisma/seed";
import { loadBiasPanel } from "./bias";
import { listDisagreements } from "./disagreements";
import { loadAgreementReport } from "./report";
import { ceilingProfilesSql, contingencyCountsSql, preferenceVoteCountsSql } from "./sql";
import { loadReviewerQuality } from "@/lib/reviewers/quality";
import { biasKind, findJudgeWithCounts } from "@/lib/judges/queries";

// The demo must give the dashboards real numbers on every panel: labels from
// several reviewers that agree imperfectly, judges that overlap with them.

describe("demo data on the dashboards", () => {
  it("has agreement, ceiling, bias and reviewer figures", async () => {
    await seedDemoIfEmpty();
    const project = await db.project.findUniqueOrThrow({ where: { slug: "support-bot-answers" } });
    let started = performance.now();
    const report = await loadAgreementReport(project.id);
    console.log(`full report ${(performance.now() - started).toFixed(0)} ms`);
    started = performance.now();
    await db.$queryRaw(contingencyCountsSql(project.id));
    console.log(`counts sql ${(performance.now() - started).toFixed(0)} ms`);
    started = performance.now();
    await db.$queryRaw(ceilingProfilesSql(project.id));
    console.log(`ceiling sql ${(performance.now() - started).toFixed(0)} ms`);
    started = performance.now();
    await db.$queryRaw(preferenceVoteCountsSql(project.id));
    console.log(`vote counts sql ${(performance.now() - started).toFixed(0)} ms`);
    started = performance.now();
    await loadAgreementReport(project.id, { slices: false });
    console.log(`overview report ${(performance.now() - started).toFixed(0)} ms`);
    const fmt = (v: number | null) => (v === null ? "—" : v.toFixed(3));
    for (const row of report.rows) {
      const f = row.overall.figures;
      console.log(`${row.judge.name} ${row.judge.promptVersion} ${row.criterion.key}: n=${f.n} exact=${fmt(f.exact.value)} kappa=${fmt(f.kappa.value)} alpha=${fmt(row.ceiling.alpha.value)} hh=${fmt(row.ceiling.pairwiseAgreement.value)} ${f.reason ?? ""} mt=${row.mtBench ? fmt(row.mtBench.s1.value) + "/" + fmt(row.mtBench.s2.value) + " hh " + fmt(row.mtBench.humanS1.value) : ""} slices=${row.slices.length}`);
    }
    const help = report.rows.find((r) => r.criterion.key === "helpfulness" && r.judge.promptVersion === "v2")!;
    expect(help.overall.figures.n).toBeGreaterThan(40);
    expect(help.overall.figures.kappa.value).not.toBeNull();
    expect(help.ceiling.alpha.value).not.toBeNull();
    const pref = report.rows.find((r) => r.criterion.key === "preference")!;
    expect(pref.mtBench!.s1.value).not.toBeNull();

    for (const judge of report.judges) {
      const bias = await loadBiasPanel(project.id, { ...judge, kind: biasKind((await findJudgeWithCounts(project.id, judge.id))!) });
      console.log(judge.name, judge.promptVersion, JSON.stringify({ pos: "consistency" in bias.position ? bias.position.consistency : bias.position.reason, first: bias.firstPosition.value, vj: bias.verbosity.judge.value, vh: bias.verbosity.humans.value, self: bias.selfPreference.value, selfReason: bias.selfPreference.reason }));
    }
    const quality = await loadReviewerQuality(project.id);
    for (const r of quality.reviewers) console.log(r.name, r.labels, r.medianActiveMs.value, fmt(r.agreement.value), r.outlier);
    expect(quality.reviewers.filter((r) => r.agreement.value !== null).length).toBeGreaterThanOrEqual(4);
    const dis = await listDisagreements(project.id, { judgeId: help.judge.id, criterionKey: "helpfulness" });
    console.log(dis.slice(0, 3));
    expect(dis.length).toBeGreaterThan(0);
  });
});
