/** OpenIDs as the operations take them: separated by commas, "|", spaces or new lines, repeats dropped. */
import type { IdListOptions } from '../../../shared/params';

export const OPENIDS: IdListOptions = { separators: /[\s,|]+/, unique: true };
