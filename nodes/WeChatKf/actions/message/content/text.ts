/** text (path/94677 文本消息): at most 2048 bytes. */
import { wxTextEntry } from '../../../../shared/wechat/content';
import type { ContentEntry } from './entry';

export const TEXT_MAX_BYTES = 2048;

export const text: ContentEntry = wxTextEntry(TEXT_MAX_BYTES, `Plain text, at most ${TEXT_MAX_BYTES} bytes in UTF-8`);
