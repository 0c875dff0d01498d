/** text: plain text, links clickable (developer.work.weixin.qq.com/document/path/90236). */
import { wxTextEntry } from '../../../../shared/wechat/content';
import type { MessageTypeEntry } from './entry';

/** Text of app messages and app chats (document/path/90236). */
export const APP_TEXT_MAX_BYTES = 2048;

export const text: MessageTypeEntry = wxTextEntry(
	APP_TEXT_MAX_BYTES,
	`Plain text, at most ${APP_TEXT_MAX_BYTES} bytes in UTF-8. HTML links (a tags) are clickable.`,
);
