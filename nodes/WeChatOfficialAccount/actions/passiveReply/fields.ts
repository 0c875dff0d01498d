import type { INodeProperties } from 'n8n-workflow';

/** Both operations take the same reply. */
export const show = { resource: ['passiveReply'], operation: ['reply', 'build'] };

const text = (displayName: string, name: string, types: string[], extra: Partial<INodeProperties> = {}): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	displayOptions: { show: { ...show, replyType: types } },
	...extra,
});

export const replyFields: INodeProperties[] = [
	{
		displayName: 'To User',
		name: 'toUser',
		type: 'string',
		required: true,
		default: '={{ $json.fromUser }}',
		description: "The follower's OpenID (the trigger output \"fromUser\")",
		displayOptions: { show },
	},
	{
		displayName: 'From Account',
		name: 'fromUser',
		type: 'string',
		required: true,
		default: '={{ $json.toUser }}',
		description: 'The account\'s original ID (原始ID, gh_…): the trigger output "toUser"',
		displayOptions: { show },
	},
	{
		displayName: 'Reply Type',
		name: 'replyType',
		type: 'options',
		options: [
			{ name: 'Image', value: 'image' },
			{ name: 'Music', value: 'music' },
			{ name: 'News', value: 'news' },
			{ name: 'Text', value: 'text' },
			{ name: 'Video', value: 'video' },
			{ name: 'Voice', value: 'voice' },
		],
		default: 'text',
		displayOptions: { show },
	},
	text('Content', 'content', ['text'], { required: true, typeOptions: { rows: 3 }, description: 'At most 2048 bytes' }),
	text('Media ID', 'mediaId', ['image', 'voice', 'video'], {
		required: true,
		description: 'A media_id of Media → Upload Temporary (or a permanent material)',
	}),
	text('Title', 'title', ['video', 'music']),
	text('Description', 'videoDescription', ['video', 'music']),
	text('Music URL', 'musicUrl', ['music']),
	text('HQ Music URL', 'hqMusicUrl', ['music'], { description: 'The high-quality link, played on Wi-Fi' }),
	text('Thumb Media ID', 'thumbMediaId', ['music'], { required: true, description: 'The media_id of the cover (a thumb upload)' }),
	{
		displayName: 'Articles',
		name: 'articles',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Article',
		default: {},
		description: 'One article when answering a message; up to 8 when answering an event',
		displayOptions: { show: { ...show, replyType: ['news'] } },
		options: [
			{
				displayName: 'Article',
				name: 'article',
				values: [
					{ displayName: 'Title', name: 'title', type: 'string', default: '' },
					{ displayName: 'Description', name: 'description', type: 'string', default: '' },
					{ displayName: 'URL', name: 'url', type: 'string', default: '' },
					{ displayName: 'Picture URL', name: 'picUrl', type: 'string', default: '' },
				],
			},
		],
	},
];
