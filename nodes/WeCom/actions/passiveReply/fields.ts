import type { INodeProperties } from 'n8n-workflow';
import { REPLY_SHOW, wxReplyArticlesField, wxReplyContentField, wxReplyString, wxReplyToUserField, wxReplyTypeField } from '../../../shared/wechat/passiveReplyNode';

/** The reply of Reply and Build Only: the types WeCom replies with (no music). */
export const replyFields: INodeProperties[] = [
	wxReplyToUserField('The user ID who sent the callback (the trigger output "fromUser")'),
	wxReplyTypeField(['image', 'news', 'text', 'video', 'voice']),
	wxReplyContentField(),
	wxReplyString('Media ID', 'mediaId', ['image', 'voice', 'video'], {
		required: true,
		description: 'A media_id from WeCom → Media → Upload',
	}),
	wxReplyString('Title', 'title', ['video']),
	wxReplyString('Description', 'videoDescription', ['video']),
	wxReplyArticlesField(REPLY_SHOW, '1 to 8 articles'),
];
