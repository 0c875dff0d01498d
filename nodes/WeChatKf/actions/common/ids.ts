/** How WeChat KF id lists are read from a parameter (see idList in shared/params.ts). */
import type { IdListOptions } from '../../../shared/params';

/** Ids separated by commas, "|" or white space, or an array; each once. */
export const KF_IDS: IdListOptions = { separators: /[|,\s]+/, unique: true };
