import type { INodeProperties } from 'n8n-workflow';

/** Both operations take the same reply. */
export const show = { resource: ['passiveReply'], operation: ['reply', 'build'] };

export const replyFields: INodeProperties[] = [
	{
		displayName: 'To User',
		name: 'toUser',
		type: 'string',
		required: true,
		default: '={{ $json.fromUser }}',
		description: 'The user ID who sent the callback (the trigger output "fromUser")',
		displayOptions: { show },
	},
	{
		displayName: 'Reply Type',
		name: 'replyType',
		type: 'options',
		options: [
			{ name: 'Image', value: 'image' },
			{ name: 'News', value: 'news' },
			{ name: 'Text', value: 'text' },
			{ name: 'Video', value: 'video' },
			{ name: 'Voice', value: 'voice' },
		],
		default: 'text',
		displayOptions: { show },
	},
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		description: 'At most 2048 bytes',
		displayOptions: { show: { ...show, replyType: ['text'] } },
	},
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '',
		description: 'A media_id from WeCom → Media → Upload',
		displayOptions: { show: { ...show, replyType: ['image', 'voice', 'video'] } },
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		displayOptions: { show: { ...show, replyType: ['video'] } },
	},
	{
		displayName: 'Description',
		name: 'videoDescription',
		type: 'string',
		default: '',
		displayOptions: { show: { ...show, replyType: ['video'] } },
	},
	{
		displayName: 'Articles',
		name: 'articles',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Article',
		default: {},
		description: '1 to 8 articles',
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
