import { z } from 'zod';

/**
 * Shapes of Prometheus's HTTP API answers (https://prometheus.io/docs/prometheus/latest/querying/api/).
 * Sample values are strings because Go prints NaN and ±Inf as `NaN`, `+Inf`, `-Inf`.
 */

/** `[unix seconds, "value"]`. */
export const SampleValue = z.tuple([z.number(), z.string()]);

const Labels = z.record(z.string(), z.string());

/** The envelope every answer shares, errors included (400, 422, 503 carry it too). */
export const Envelope = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});

export const QueryData = z.discriminatedUnion('resultType', [
  z.object({
    resultType: z.literal('vector'),
    result: z.array(
      z.object({
        metric: Labels,
        // Native-histogram samples carry `histogram` instead of `value`.
        value: SampleValue.optional(),
        histogram: z.unknown().optional(),
      }),
    ),
  }),
  z.object({ resultType: z.literal('scalar'), result: SampleValue }),
  z.object({ resultType: z.literal('string'), result: SampleValue }),
  z.object({
    resultType: z.literal('matrix'),
    result: z.array(z.object({ metric: Labels, values: z.array(SampleValue).optional() })),
  }),
]);

export type QueryData = z.infer<typeof QueryData>;
