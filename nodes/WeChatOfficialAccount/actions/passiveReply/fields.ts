import type { INodeProperties } from 'n8n-workflow';
import { REPLY_SHOW, wxReplyArticlesField, wxReplyContentField, wxReplyString, wxReplyToUserField, wxReplyTypeField } from '../../../shared/wechat/passiveReplyNode';

/** The reply of Reply and Build Only: every type of the family, music included. */
export const replyFields: INodeProperties[] = [
	wxReplyToUserField("The follower's OpenID (the trigger output \"fromUser\")"),
	{
		displayName: 'From Account',
		name: 'fromUser',
		type: 'string',
		required: true,
		default: '={{ $json.toUser }}',
		description: 'The account\'s original ID (原始ID, gh_…): the trigger output "toUser"',
		displayOptions: { show: REPLY_SHOW },
	},
	wxReplyTypeField(['image', 'music', 'news', 'text', 'video', 'voice']),
	wxReplyContentField(),
	wxReplyString('Media ID', 'mediaId', ['image', 'voice', 'video'], {
		required: true,
		description: 'A media_id of Media → Upload Temporary (or a permanent material)',
	}),
	wxReplyString('Title', 'title', ['video', 'music']),
	wxReplyString('Description', 'videoDescription', ['video', 'music']),
	wxReplyString('Music URL', 'musicUrl', ['music']),
	wxReplyString('HQ Music URL', 'hqMusicUrl', ['music'], { description: 'The high-quality link, played on Wi-Fi' }),
	wxReplyString('Thumb Media ID', 'thumbMediaId', ['music'], {
		required: true,
		description: 'The media_id of the cover (a thumb upload)',
	}),
	wxReplyArticlesField(REPLY_SHOW, 'One article when answering a message; up to 8 when answering an event'),
];
