import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { CryptoInputError } from '../../../shared/crypto';
import { encryptReply } from '../../../shared/wxCallback';
import { buildXml } from '../../../shared/xml';

/** Both operations take the same reply. */
export const show = { resource: ['passiveReply'], operation: ['reply', 'build'] };
const TEXT_LIMIT_BYTES = 2048;

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

/** The plaintext reply of developer.work.weixin.qq.com/document/path/90241 (被动回复消息格式). */
function messageFields(this: IExecuteFunctions, i: number, type: string): IDataObject {
	const fail = (message: string) => new NodeOperationError(this.getNode(), message, { itemIndex: i });
	switch (type) {
		case 'text': {
			const content = String(this.getNodeParameter('content', i) ?? '');
			if (!content) throw fail('Content: the text is empty');
			if (Buffer.byteLength(content, 'utf8') > TEXT_LIMIT_BYTES) {
				throw fail(`Content: at most ${TEXT_LIMIT_BYTES} bytes (UTF-8), got ${Buffer.byteLength(content, 'utf8')}`);
			}
			return { Content: content };
		}
		case 'image':
		case 'voice': {
			const mediaId = this.getNodeParameter('mediaId', i) as string;
			if (!mediaId) throw fail('Media ID: required');
			return { [type === 'image' ? 'Image' : 'Voice']: { MediaId: mediaId } };
		}
		case 'video': {
			const mediaId = this.getNodeParameter('mediaId', i) as string;
			if (!mediaId) throw fail('Media ID: required');
			return {
				Video: {
					MediaId: mediaId,
					Title: this.getNodeParameter('title', i, '') as string,
					Description: this.getNodeParameter('videoDescription', i, '') as string,
				},
			};
		}
		case 'news': {
			const list = ((this.getNodeParameter('articles', i, {}) as IDataObject).article ?? []) as IDataObject[];
			if (list.length < 1 || list.length > 8) throw fail(`Articles: 1 to 8 articles, got ${list.length}`);
			return {
				ArticleCount: list.length,
				Articles: {
					item: list.map((a) => ({
						Title: String(a.title ?? ''),
						Description: String(a.description ?? ''),
						PicUrl: String(a.picUrl ?? ''),
						Url: String(a.url ?? ''),
					})),
				},
			};
		}
		default:
			throw fail(`Reply Type "${type}" is not supported`);
	}
}

export interface BuiltReply extends IDataObject {
	/** The encrypted envelope WeCom reads. */
	body: string;
	contentType: string;
	replyType: string;
	toUser: string;
	/** The plaintext reply inside it. */
	replyXml: string;
}

/** The encrypted passive reply for item `i`, from the credential's callback Token and EncodingAESKey. */
export async function buildReply(this: IExecuteFunctions, i: number): Promise<BuiltReply> {
	const credentials = await this.getCredentials('weComApi');
	const toUser = this.getNodeParameter('toUser', i) as string;
	const type = this.getNodeParameter('replyType', i) as string;
	if (!toUser) throw new NodeOperationError(this.getNode(), 'To User: required', { itemIndex: i });
	const createTime = Math.floor(Date.now() / 1000);
	const replyXml = buildXml({
		ToUserName: toUser,
		FromUserName: String(credentials.corpId ?? '').trim(),
		CreateTime: createTime,
		MsgType: type,
		...messageFields.call(this, i, type),
	});
	let body: string;
	try {
		body = encryptReply(
			{
				token: String(credentials.token ?? '').trim(),
				encodingAesKey: String(credentials.encodingAesKey ?? '').trim(),
				receiveId: String(credentials.corpId ?? '').trim(),
			},
			replyXml,
			createTime,
		);
	} catch (error) {
		const reason = error instanceof CryptoInputError ? error.message : 'encryption failed';
		throw new NodeOperationError(this.getNode(), `The credential's callback settings are incomplete: ${reason}`, {
			itemIndex: i,
		});
	}
	return { body, contentType: 'text/xml', replyType: type, toUser, replyXml };
}
