/** How WeCom ids are read from a parameter (see idList in shared/params.ts). */
import type { IdListOptions } from '../../../shared/params';

/**
 * WeCom joins ids with "|" in some calls (message/send touser) and takes arrays in others, and the
 * node accepts both and commas; a repeated id is passed on as given unless an operation says otherwise.
 */
export const WECOM_IDS: IdListOptions = { separators: /[|,\s]+/, unique: false };
