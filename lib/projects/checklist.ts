import type { Permission } from "@/lib/auth/permissions";

// The admin's first hour (issue 15): an empty project shows the steps that
// make it useful, in the order they depend on each other, instead of a row of
// zeros. Each step ticks itself from counts the server reads (projectOverview).

export type ChecklistCounts = {
  rubrics: number;
  datasets: number;
  outputs: number;
  /** Members who are not admins: the people who will review. */
  reviewers: number;
  reviewSetups: number;
  judgeScores: number;
};

export type ChecklistStep = {
  key: "rubric" | "data" | "members" | "reviewSetup" | "judgeScores";
  title: string;
  description: string;
  /** Path under /projects/{id}. */
  path: string;
  /** Who may take the step; others see it without a link. */
  permission: Permission;
  done: boolean;
  optional: boolean;
};

export function firstHourChecklist(counts: ChecklistCounts): ChecklistStep[] {
  return [
    {
      key: "rubric",
      title: "Create a rubric",
      description: "The criteria reviewers answer: scales, preferences, pass rules.",
      path: "/rubrics/new",
      permission: "rubrics.write",
      done: counts.rubrics > 0,
      optional: false,
    },
    {
      key: "data",
      title: "Upload a dataset and a run's outputs",
      description: "The prompts, then what each model answered to them.",
      path: "/datasets/upload",
      permission: "datasets.write",
      done: counts.datasets > 0 && counts.outputs > 0,
      optional: false,
    },
    {
      key: "members",
      title: "Add reviewers",
      description: "The experts who label outputs (reviewers) and the leads who read the dashboards.",
      path: "/settings",
      permission: "members.manage",
      done: counts.reviewers > 0,
      optional: false,
    },
    {
      key: "reviewSetup",
      title: "Create a review setup",
      description: "Which items and runs are reviewed, how, and by how many people.",
      path: "/review/setup",
      permission: "review.configure",
      done: counts.reviewSetups > 0,
      optional: false,
    },
    {
      key: "judgeScores",
      title: "Upload judge scores",
      description: "An LLM judge's scores, to see how far it agrees with your experts.",
      path: "/datasets/upload?kind=JUDGE_SCORES",
      permission: "datasets.write",
      done: counts.judgeScores > 0,
      optional: true,
    },
  ];
}

/** The checklist stays on the overview until every required step is done. */
export function checklistComplete(steps: ChecklistStep[]) {
  return steps.every((step) => step.done || step.optional);
}
