import { rawSql, type SqlClient } from "@/lib/db/raw-sql";
import type { CriterionKindName, PairwiseScope } from "@/lib/rubrics/kinds";
import type { CriterionSpec, ReviewModeName } from "./fields";
import { readRationaleRule, type RationaleRule } from "./rationale-rule";

// In-process caches for what the review hot path reads on every submit but
// that never changes: a review setup's configuration (setups are never edited
// after creation; extending one only adds tasks) and the criteria of a rubric
// version once it carries labels (lib/rubrics/save.ts then freezes it: edits
// make a new version). A version nobody has labelled yet may still be edited
// in place, so its criteria are read from the database every time until this
// process has seen a label stored against it. Each app server keeps its own
// small LRU; nothing here needs invalidating across servers.
//
// Loaders take the client to read with: inside a transaction it must be the
// transaction's own, never `db`, or a transaction waiting for a second pooled
// connection can starve the pool under load.

type Client = SqlClient;

/** A least-recently-used map: Map keeps insertion order, so a read re-inserts its key at the end. */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V) {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K) {
    this.entries.delete(key);
  }
}

export type SetupConfig = {
  id: string;
  projectId: string;
  name: string;
  mode: ReviewModeName;
  rubricVersionId: string;
  /** Criteria the setup asks about; empty = every criterion that fits the mode. */
  criterionKeys: string[];
  blindReview: boolean;
  showReference: boolean;
  randomizeOrder: boolean;
  /** When a label needs a rationale (./rationale-rule.ts). */
  rationaleRule: RationaleRule;
};

const setups = new LruCache<string, SetupConfig>(500);
const frozenCriteria = new LruCache<string, CriterionSpec[]>(200);

/** The setup's configuration, or null when it does not exist in this project. */
export async function setupConfig(projectId: string, setupId: string, client: Client = rawSql): Promise<SetupConfig | null> {
  const cached = setups.get(setupId);
  if (cached) return cached.projectId === projectId ? cached : null;
  const [setup] = await client.$queryRaw<
    { id: string; projectId: string; name: string; mode: string; rubricVersionId: string; selection: unknown; blindReview: boolean; showReference: boolean; randomizeOrder: boolean; rationaleRule: unknown }[]
  >`
    SELECT id, "projectId", name, mode::text AS mode, "rubricVersionId", selection, "blindReview", "showReference", "randomizeOrder", "rationaleRule"
    FROM "ReviewSetup" WHERE id = ${setupId}`;
  if (!setup) return null;
  const config: SetupConfig = {
    id: setup.id,
    projectId: setup.projectId,
    name: setup.name,
    mode: setup.mode as ReviewModeName,
    rubricVersionId: setup.rubricVersionId,
    criterionKeys: (setup.selection as { criterionKeys?: string[] } | null)?.criterionKeys ?? [],
    blindReview: setup.blindReview,
    showReference: setup.showReference,
    randomizeOrder: setup.randomizeOrder,
    rationaleRule: readRationaleRule(setup.rationaleRule),
  };
  setups.set(setupId, config);
  return config.projectId === projectId ? config : null;
}

/** A rubric version's criteria in rubric order. */
export async function rubricCriteria(rubricVersionId: string, client: Client = rawSql): Promise<CriterionSpec[]> {
  return frozenCriteria.get(rubricVersionId) ?? loadCriteria(rubricVersionId, client);
}

async function loadCriteria(rubricVersionId: string, client: Client): Promise<CriterionSpec[]> {
  const criteria = await client.$queryRaw<(Omit<CriterionSpec, "kind" | "pairwiseScope"> & { kind: string; pairwiseScope: string })[]>`
    SELECT id, key, name, description, kind::text AS kind, required, config, "pairwiseScope"::text AS "pairwiseScope"
    FROM "Criterion" WHERE "rubricVersionId" = ${rubricVersionId} ORDER BY position, id`;
  return criteria.map((criterion) => ({ ...criterion, kind: criterion.kind as CriterionKindName, pairwiseScope: criterion.pairwiseScope as PairwiseScope }));
}

/**
 * Called after a label against this version has been committed: from then on
 * the version's criteria can no longer change, so they are read once more
 * (an edit may have landed while the label was being stored) and kept.
 */
export async function freezeCriteria(rubricVersionId: string) {
  if (frozenCriteria.get(rubricVersionId)) return;
  frozenCriteria.set(rubricVersionId, await loadCriteria(rubricVersionId, rawSql));
}

/**
 * A rubric's guidelines change without a new version (wording guidance changes
 * no label's meaning), so they are kept only briefly: an edit shows on every
 * app server's review screens within INSTRUCTIONS_TTL_MS, and the hot path
 * reads them at most once per rubric in that time.
 */
const INSTRUCTIONS_TTL_MS = 30_000;
const instructionsCache = new LruCache<string, { text: string; at: number }>(200);

/** The guidelines (markdown) of the rubric a version belongs to. */
export async function rubricInstructions(rubricVersionId: string, client: Client = rawSql): Promise<string> {
  const cached = instructionsCache.get(rubricVersionId);
  if (cached && Date.now() - cached.at < INSTRUCTIONS_TTL_MS) return cached.text;
  const [row] = await client.$queryRaw<{ instructions: string }[]>`
    SELECT r.instructions FROM "RubricVersion" v JOIN "Rubric" r ON r.id = v."rubricId" WHERE v.id = ${rubricVersionId}`;
  const text = row?.instructions ?? "";
  instructionsCache.set(rubricVersionId, { text, at: Date.now() });
  return text;
}
