import { StackedShareChart } from "@/components/charts/stacked-share-chart";
import { Card } from "@/components/ui/card";
import type { BiasPanel } from "@/lib/agreement/bias";
import { FigureTile } from "../../figure";

export function BiasPanelView({ bias, kind }: { bias: BiasPanel; kind: "POINTWISE" | "PAIRWISE" }) {
  const position = bias.position;
  return (
    <Card title="Bias" description="Zheng et al. (2023): position, verbosity and self-preference. Each figure with n and a 95 % bootstrap interval; small samples say so.">
      <div className="space-y-6">
        <section aria-labelledby="position-heading">
          <h3 id="position-heading" className="mb-2 text-sm font-semibold text-slate-900">Position</h3>
          {"consistency" in position ? (
            <>
              <StackedShareChart
                title="Verdicts on the same pair in both orders"
                axisLabel={`Share of ${position.n} pairs judged in both orders`}
                parts={[
                  { name: "Consistent", share: position.consistency, color: "#10b981" },
                  { name: "Biased to first", share: position.biasedFirst, color: "#f59e0b" },
                  { name: "Biased to second", share: position.biasedSecond, color: "#6366f1" },
                  { name: "Error", share: position.error, color: "#ef4444" },
                ]}
              />
              <dl className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-4">
                <FigureTile label="Consistent" stat={{ value: position.consistency, n: position.n, lower: position.ci.lower, upper: position.ci.upper }} kind="percent" testId="bias-consistency" />
                <FigureTile label="Biased to first" stat={{ value: position.biasedFirst, n: position.n }} kind="percent" />
                <FigureTile label="Biased to second" stat={{ value: position.biasedSecond, n: position.n }} kind="percent" />
                <FigureTile label="First-position rate" stat={bias.firstPosition} kind="percent" testId="bias-first" hint="Share of verdicts (ties included) that pick the answer shown first." />
              </dl>
            </>
          ) : (
            <p className="text-sm text-slate-600" role="status">
              {kind === "PAIRWISE" ? `No position figures: ${position.reason}.` : "Not applicable: a pointwise judge sees one answer at a time."}
            </p>
          )}
        </section>
        <section aria-labelledby="verbosity-heading">
          <h3 id="verbosity-heading" className="mb-2 text-sm font-semibold text-slate-900">Verbosity</h3>
          <p className="mb-2 text-xs text-slate-500">Share of decisive verdicts won by the longer of two outputs ({bias.verbosity.basis}). A judge well above the reviewers rewards length.</p>
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
            <FigureTile label="Judge prefers longer" stat={bias.verbosity.judge} kind="percent" testId="bias-verbosity-judge" />
            <FigureTile label="Reviewers prefer longer" stat={bias.verbosity.humans} kind="percent" testId="bias-verbosity-humans" />
          </dl>
        </section>
        <section aria-labelledby="self-heading">
          <h3 id="self-heading" className="mb-2 text-sm font-semibold text-slate-900">Self-preference</h3>
          <p className="mb-2 text-xs text-slate-500">
            Win rate the judge gives runs of its own model family{bias.selfPreference.family ? ` (${bias.selfPreference.family})` : ""} minus the reviewers&apos; win rate for them on the same pairs, ties excluded.
          </p>
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
            <FigureTile label="Self-preference (Δ win rate)" stat={{ ...bias.selfPreference, lower: bias.selfPreference.ci?.lower, upper: bias.selfPreference.ci?.upper }} kind="signed" testId="bias-self" />
            {bias.selfPreference.judgeWinRate && <FigureTile label="Judge win rate" stat={bias.selfPreference.judgeWinRate} kind="percent" />}
            {bias.selfPreference.humanWinRate && <FigureTile label="Reviewer win rate" stat={bias.selfPreference.humanWinRate} kind="percent" />}
          </dl>
        </section>
      </div>
    </Card>
  );
}
