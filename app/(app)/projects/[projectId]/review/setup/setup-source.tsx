"use client";

import { useState, type ReactNode } from "react";

/** Where a new setup's items come from: a dataset version (the ordinary form) or production traffic (a spot check). */
export function SetupSource({ dataset, traffic }: { dataset: ReactNode; traffic: ReactNode }) {
  const [source, setSource] = useState<"dataset" | "traffic">("dataset");
  return (
    <div className="space-y-3">
      <fieldset className="flex flex-wrap gap-4 text-sm text-slate-800">
        <legend className="mb-1 text-sm font-medium text-slate-800">Source</legend>
        <label className="inline-flex items-center gap-1.5">
          <input type="radio" name="setup-source" checked={source === "dataset"} onChange={() => setSource("dataset")} className="size-4" /> A dataset version
        </label>
        <label className="inline-flex items-center gap-1.5">
          <input type="radio" name="setup-source" checked={source === "traffic"} onChange={() => setSource("traffic")} className="size-4" /> Production traffic
        </label>
      </fieldset>
      {source === "dataset" ? dataset : traffic}
    </div>
  );
}
