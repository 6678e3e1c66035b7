import { z } from "zod";

// Settings → Monitoring (admins) and the monitoring page's filters.

export const MONITOR_DEFAULTS = { recentHours: 24, baselineDays: 7, fdr: 0.05, minEffect: 0.05, minCount: 30 } as const;

export const monitorSettingsSchema = z.object({
  projectId: z.string().min(1),
  webhookUrl: z
    .string()
    .trim()
    .max(2000)
    .transform((value) => value || null)
    .refine((value) => value === null || /^https?:\/\//i.test(value), { message: "The webhook URL must start with http:// or https://." })
    .refine((value) => value === null || URL.canParse(value), { message: "The webhook URL is not a valid URL." }),
  // Empty = keep the stored secret; the stored one is never sent back to the browser.
  webhookSecret: z.string().max(500).optional().transform((value) => value?.trim() || undefined),
  recentHours: z.coerce.number({ error: "Recent window: give a number of hours." }).int("Recent window: whole hours.").min(1, "Recent window: at least 1 hour.").max(720, "Recent window: at most 720 hours."),
  baselineDays: z.coerce.number({ error: "Baseline window: give a number of days." }).int("Baseline window: whole days.").min(1, "Baseline window: at least 1 day.").max(90, "Baseline window: at most 90 days."),
  fdr: z.coerce.number({ error: "False discovery rate: give a number." }).gt(0, "False discovery rate: above 0.").lt(0.5, "False discovery rate: below 0.5."),
  minEffect: z.coerce.number({ error: "Minimum change: give a number." }).min(0, "Minimum change: 0 or more."),
  minCount: z.coerce.number({ error: "Minimum samples: give a number." }).int("Minimum samples: a whole number.").min(2, "Minimum samples: at least 2.").max(100_000, "Minimum samples: at most 100,000."),
});
export type MonitorSettingsInput = z.input<typeof monitorSettingsSchema>;

export const acknowledgeAlertSchema = z.object({ projectId: z.string().min(1), alertId: z.string().min(1) });

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

/** The monitoring page's query string; anything malformed is dropped rather than failing the page. */
export const monitorFiltersSchema = z.object({
  rule: z.string().max(100).optional().catch(undefined),
  segment: z.string().trim().max(200).optional().catch(undefined).transform((value) => value || undefined),
  bucket: z.enum(["hour", "day", "week"]).optional().catch(undefined),
  from: isoDay,
  to: isoDay,
});
