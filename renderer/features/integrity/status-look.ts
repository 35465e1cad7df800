import { hourCodes, type IntegrityStatus, NO_FILE_CODE } from '../../../shared/model/integrity.ts';

/**
 * How each verdict looks and reads. Colour is never alone: every swatch has its word beside
 * it, missing hours are hatched, and every hour and row says its status in text. The colours
 * read on the light and the dark theme alike; SVG fills take no CSS variables, hence literals.
 */
export const STATUS_LOOK: Record<IntegrityStatus, { color: string; meaning: string }> = {
  valid: { color: '#2da44e', meaning: 'every check passed, up to a signature by AWS' },
  unverifiable: { color: '#8c96a3', meaning: 'nothing contradicts it, but what would prove it could not be checked' },
  unlisted: { color: '#d08700', meaning: 'in the case, named by no digest in it' },
  missing: { color: '#c2185b', meaning: 'named by a digest, not in the case; or an hour no digest covers' },
  invalid: { color: '#e5484d', meaning: 'a check failed: the file was changed, moved or forged' },
};

/** Best to worst, as the strip ranks an hour's files. */
export const RANKED_STATUSES: IntegrityStatus[] = ['valid', 'unverifiable', 'unlisted', 'missing', 'invalid'];

const byCode = new Map<string, IntegrityStatus>(RANKED_STATUSES.map((s) => [hourCodes[s], s]));

/** The status an hour's code stands for; null for an hour no file is placed on. */
export const codeStatus = (code: string): IntegrityStatus | null =>
  code === NO_FILE_CODE ? null : (byCode.get(code) ?? null);

/** Worse ranks higher; an hour with no file ranks lowest. */
export const codeRank = (code: string): number => {
  const status = codeStatus(code);
  return status === null ? -1 : RANKED_STATUSES.indexOf(status);
};
