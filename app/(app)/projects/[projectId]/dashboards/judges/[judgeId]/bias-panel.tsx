import { MetricsText } from "@/components/metrics-text";
import { CiBarChart } from "@/components/charts/ci-bar-chart";
import { StackedShareChart } from "@/components/charts/stacked-share-chart";
import { Card } from "@/components/ui/card";
import { BIAS_BOOTSTRAP, type BiasPanel } from "@/lib/agreement/bias";
import { ciRow, FigureTile } from "../../figure";
import { PositionTable } from "./position-table";

// The bias panel: every figure as a tile with n and its 95 % interval, and the
// same figures drawn with their intervals, so a lead sees at a glance whether
// a bias is larger than the sampling noise.

export function BiasPanelView({ bias, kind }: { bias: BiasPanel; kind: "POINTWISE" | "PAIRWISE" }) {
  const position = bias.position;
  const self = bias.selfPreference;
  const family = self.family ? ` (${self.family})` : "";
  return (
    <Card
      title="Bias"
      description={`Zheng et al. (2023): position, verbosity and self-preference. Each figure with n and a 95 % bootstrap interval (${BIAS_BOOTSTRAP.rounds.toLocaleString("en")} resamples of the compared pairs, seed ${BIAS_BOOTSTRAP.seed}); small samples say so (docs/METRICS.md#judge-bias).`}
    >
      <div className="space-y-8">
        <section aria-labelledby="position-heading">
          <h3 id="position-heading" className="mb-2 text-sm font-semibold text-slate-900">Position</h3>
          {bias.positionByCriterion.length > 0 && (
            <div className="mb-6">
              <PositionTable rows={bias.positionByCriterion} />
            </div>
          )}
          {"consistency" in position ? (
            <>
              <h4 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">All criteria, failed calls included (paper Table 2)</h4>
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
              <dl className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
                <FigureTile label="Consistent" stat={position.cis.consistency} kind="percent" testId="bias-consistency" />
                <FigureTile label="Biased to first" stat={position.cis.biasedFirst} kind="percent" testId="bias-biased-first" />
                <FigureTile label="Biased to second" stat={position.cis.biasedSecond} kind="percent" testId="bias-biased-second" />
                <FigureTile label="Error" stat={position.cis.error} kind="percent" testId="bias-error" />
                <FigureTile label="First-position rate" stat={bias.firstPosition} kind="percent" testId="bias-first" hint="Share of verdicts (ties included) that pick the answer shown first; 50 % is unbiased (docs/METRICS.md#position-bias)." />
              </dl>
              <div className="mt-4">
                <CiBarChart
                  title="Position figures with 95 % intervals"
                  rows={[
                    ciRow("Consistent", position.cis.consistency),
                    ciRow("Biased to first", position.cis.biasedFirst),
                    ciRow("Biased to second", position.cis.biasedSecond),
                    ciRow("Error", position.cis.error),
                    ciRow("First-position rate", bias.firstPosition),
                  ]}
                  valueName="Estimate"
                  axisLabel="Share of pairs (first-position rate: of verdicts)"
                  domain={[0, 1]}
                  format="percent"
                />
              </div>
            </>
          ) : (
            <p className="text-sm text-slate-600" role="status">
              {kind === "PAIRWISE" ? `No position figures: ${position.reason}.` : "Not applicable: a pointwise judge sees one answer at a time."}
            </p>
          )}
        </section>

        <section aria-labelledby="verbosity-heading">
          <h3 id="verbosity-heading" className="mb-2 text-sm font-semibold text-slate-900">Verbosity</h3>
          <p className="mb-2 text-xs text-slate-500">Share of decisive verdicts won by the longer of two outputs, on the pairs both the judge and reviewers decided ({bias.verbosity.basis}). A judge well above the reviewers rewards length (<MetricsText text="docs/METRICS.md#verbosity-bias" />).</p>
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-3">
            <FigureTile label="Judge prefers longer" stat={bias.verbosity.judge} kind="percent" testId="bias-verbosity-judge" hint="n = pairs compared." />
            <FigureTile label="Reviewers prefer longer" stat={bias.verbosity.humans} kind="percent" testId="bias-verbosity-humans" hint="n = reviewers' decisive votes on those pairs." />
            <FigureTile label="Judge − reviewers" stat={bias.verbosity.difference} kind="points" testId="bias-verbosity-difference" hint="Percentage points; above 0 the judge favours length more than people do." />
          </dl>
        </section>

        <section aria-labelledby="self-heading">
          <h3 id="self-heading" className="mb-2 text-sm font-semibold text-slate-900">Self-preference</h3>
          <p className="mb-2 text-xs text-slate-500">
            Win rate the judge gives runs of its own model family{family} minus the reviewers&apos; win rate for them on the same pairs, ties excluded (<MetricsText text="docs/METRICS.md#self-preference" />).
          </p>
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-3">
            <FigureTile label="Self-preference (Δ win rate)" stat={self} kind="points" testId="bias-self" hint="Percentage points; above 0 the judge favours its own family more than people do." />
            {self.judgeWinRate && <FigureTile label="Judge win rate" stat={self.judgeWinRate} kind="percent" testId="bias-self-judge" />}
            {self.humanWinRate && <FigureTile label="Reviewer win rate" stat={self.humanWinRate} kind="percent" testId="bias-self-humans" />}
          </dl>
        </section>

        <div className="grid gap-6 xl:grid-cols-2">
          <CiBarChart
            title="Judge vs reviewers on the same pairs"
            rows={[
              ciRow("Prefers the longer output", bias.verbosity.judge, bias.verbosity.humans.value),
              ciRow(`Win rate of own family${family}`, self.judgeWinRate ?? { value: null, n: 0, reason: self.reason }, self.humanWinRate?.value),
            ]}
            valueName="Judge"
            ceilingName="Reviewers"
            axisLabel="Share of decisive verdicts"
            domain={[0, 1]}
            format="percent"
          />
          <CiBarChart
            title="Bias as judge − reviewers, with 95 % intervals"
            rows={[ciRow("Verbosity", bias.verbosity.difference), ciRow("Self-preference", self)]}
            valueName="Difference"
            axisLabel="Judge − reviewers, percentage points (0 = no bias)"
            domain={[-1, 1]}
            format="points"
          />
        </div>
      </div>
    </Card>
  );
}
