import { z } from 'zod';

/** The `refinery.wsjf` issue entity property (declared in manifest.yml with search aliases). */
export const WSJF_PROPERTY = 'refinery.wsjf';

export const storedWsjfSchema = z.object({
  businessValue: z.number(),
  timeCriticality: z.number(),
  riskReduction: z.number(),
  jobSize: z.number().positive(),
  costOfDelay: z.number(),
  wsjf: z.number(),
  scoredBy: z.object({ accountId: z.string(), displayName: z.string() }).nullable().optional(),
  scoredAt: z.string().nullable().optional(),
  version: z.number().int().nonnegative().optional(),
});

export type StoredWsjf = z.infer<typeof storedWsjfSchema>;

/** A property value written by hand or by an older version that does not parse is treated as "not scored". */
export function parseStoredWsjf(value: unknown): StoredWsjf | null {
  const r = storedWsjfSchema.safeParse(value);
  return r.success ? r.data : null;
}
