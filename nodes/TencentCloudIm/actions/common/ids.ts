/** How Tencent IM ids are read from a parameter (see idList in shared/params.ts). */
import type { IdListOptions } from '../../../shared/params';

/**
 * UserIDs and group IDs separated by commas (the Chinese one too), semicolons or new lines, as they
 * are pasted from a sheet or a console; a repeat is dropped, since Tencent answers each id once.
 */
export const TIM_IDS: IdListOptions = { separators: /[\s,，;]+/, unique: true };
