import { z } from 'zod';
import {
  bucketSeconds,
  facetDimensions,
  MAX_BUCKETS,
  MAX_EVENT_KEYS,
  MAX_PINNED,
  pivotFields,
  SEARCH_MAX_CHARS,
  stackDimensions,
} from '../model/explore.ts';

/** Params of the explorer's requests, kept beside the contract that lists them. */

const fieldValues = z.array(z.string().max(100_000).nullable()).max(1000);

export const exploreFilter = z
  .object({
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    fields: z.partialRecord(z.enum(pivotFields), fieldValues).optional(),
    exclude: z.partialRecord(z.enum(pivotFields), fieldValues).optional(),
    text: z.string().max(SEARCH_MAX_CHARS).optional(),
    bookmarked: z.boolean().optional(),
    source_ids: z.array(z.number().int().min(1)).max(1000).optional(),
    event_keys: z.array(z.string().min(1).max(2000)).max(MAX_EVENT_KEYS).optional(),
    detection: z.object({ rule_id: z.string().min(1).max(200), hit: z.number().int().min(1).optional() }).optional(),
  })
  .refine((f) => !f.from || !f.to || Date.parse(f.from) < Date.parse(f.to), {
    message: 'the time range must end after it starts',
    path: ['to'],
  });

export const filterParam = { filter: exploreFilter.default({}) };
export const stackBy = z.enum(stackDimensions);
/** Values of the stack dimension with a series of their own, whatever their count. */
export const pinnedValues = fieldValues.max(MAX_PINNED);

/** How the volume chart is drawn: bars the chart has room for, the finest bucket wanted, pins. */
export const volumeShape = {
  max_bars: z.number().int().min(1).max(MAX_BUCKETS).default(MAX_BUCKETS),
  bucket: z.literal(bucketSeconds).optional(),
  pinned: pinnedValues.default([]),
};
export const filterField = z.enum(pivotFields);
export const facetDimension = z.enum(facetDimensions);
export const eventOrder = z.enum(['oldest-first', 'newest-first']);

const eventKey = z.string().min(1);
const tag = z.string().trim().min(1).max(100);

export const annotationChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bookmark'), on: z.boolean() }),
  z.object({ kind: z.literal('tag-add'), tag }),
  z.object({ kind: z.literal('tag-remove'), tag }),
  z.object({ kind: z.literal('note'), body: z.string().max(20_000) }),
]);

export const annotateParams = z.object({ event_key: eventKey, change: annotationChange });
