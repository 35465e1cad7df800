import { z } from 'zod';
import { pivotFields, stackDimensions } from '../model/explore.ts';

/** Params of the explorer's requests, kept beside the contract that lists them. */

const fieldValues = z.array(z.string().max(100_000).nullable()).max(1000);

export const exploreFilter = z
  .object({
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    fields: z.partialRecord(z.enum(pivotFields), fieldValues).optional(),
    bookmarked: z.boolean().optional(),
    source_ids: z.array(z.number().int().min(1)).max(1000).optional(),
    detection: z.object({ rule_id: z.string().min(1).max(200), hit: z.number().int().min(1).optional() }).optional(),
  })
  .refine((f) => !f.from || !f.to || Date.parse(f.from) < Date.parse(f.to), {
    message: 'the time range must end after it starts',
    path: ['to'],
  });

export const filterParam = { filter: exploreFilter.default({}) };
export const stackBy = z.enum(stackDimensions);
export const filterField = z.enum(pivotFields);

const eventKey = z.string().min(1);
const tag = z.string().trim().min(1).max(100);

export const annotationChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bookmark'), on: z.boolean() }),
  z.object({ kind: z.literal('tag-add'), tag }),
  z.object({ kind: z.literal('tag-remove'), tag }),
  z.object({ kind: z.literal('note'), body: z.string().max(20_000) }),
]);

export const annotateParams = z.object({ event_key: eventKey, change: annotationChange });
