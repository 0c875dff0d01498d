/**
 * The Passive Reply resource of a WeChat-family action node (WeCom, Official Account): Reply
 * answers the callback its trigger keeps open, Build Only returns the reply for a callback the
 * workflow answers itself. Each product builds the reply (its types, its credential, plain or
 * encrypted) and words the notices; the answer, its output and the articles field are one here.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Show } from '../fields';
import type { Operation } from '../router';
import type { WxReplyType } from './passiveReply';
import type { WaitingTrigger } from '../webhook';
import { answerWaitingCallback } from '../webhook';

const CONTENT_TYPE = 'text/xml; charset=utf-8';

/** What a product's reply builder returns for an item (Build Only outputs it as it is). */
export interface WxBuiltReply extends IDataObject {
	/** What the platform reads: the reply XML, or its encrypted envelope. */
	body: string;
	contentType: string;
	replyType: string;
	toUser: string;
	/** The plaintext reply (inside the envelope when encrypted). */
	replyXml: string;
	/** Whether `body` is the encrypted envelope, where a product answers in either form. */
	encrypted?: boolean;
}

export type WxReplyBuilder = (this: IExecuteFunctions, i: number) => Promise<WxBuiltReply>;

function notice(name: string, operation: string, displayName: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['passiveReply'], operation: [operation] } },
	};
}

/** Reply: answers the trigger's waiting callback with item `i`'s reply (`text` is the notice). */
export function wxReplyOperation(
	build: WxReplyBuilder,
	trigger: Omit<WaitingTrigger, 'mode' | 'modeName'>,
	text: string,
): Operation {
	return {
		description: [notice('replyNotice', 'reply', text)],
		// One callback waits for one answer: the first item's, as when items ran one after the other.
		orderingKey: () => 'the waiting callback',
		async execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
			const built = await build.call(this, i);
			const answered = await answerWaitingCallback(
				this,
				i,
				{ ...trigger, mode: 'passive', modeName: 'Passive Reply' },
				{ body: built.body, contentType: CONTENT_TYPE },
			);
			// The envelope is ciphertext and a signature; what it says is replyXml.
			const said: IDataObject = { replyType: built.replyType, toUser: built.toUser };
			if (built.encrypted !== undefined) said.encrypted = built.encrypted;
			said.replyXml = built.replyXml;
			return answered ? { answered, statusCode: 200, contentType: CONTENT_TYPE, ...said } : { answered, ...said };
		},
	};
}

/** Build Only: item `i`'s reply as output, nothing answered (`text` is the notice). */
export function wxBuildOnlyOperation(build: WxReplyBuilder, text: string): Operation {
	return {
		description: [notice('buildOnlyNotice', 'build', text)],
		async execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
			return await build.call(this, i);
		},
	};
}

/** Where the reply's fields show: Reply and Build Only take the same reply. */
export const REPLY_SHOW: Show = { resource: ['passiveReply'], operation: ['reply', 'build'] };

/** A string field of the reply, shown for the reply types `types`. */
export function wxReplyString(
	displayName: string,
	name: string,
	types: WxReplyType[],
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return { displayName, name, type: 'string', default: '', displayOptions: { show: { ...REPLY_SHOW, replyType: types } }, ...extra };
}

/** Who the reply goes to: by default the sender of the trigger's callback. */
export function wxReplyToUserField(description: string): INodeProperties {
	return {
		displayName: 'To User',
		name: 'toUser',
		type: 'string',
		required: true,
		default: '={{ $json.fromUser }}',
		description,
		displayOptions: { show: REPLY_SHOW },
	};
}

const TYPE_NAMES: Record<WxReplyType, string> = {
	image: 'Image',
	music: 'Music',
	news: 'News',
	text: 'Text',
	video: 'Video',
	voice: 'Voice',
};

/** The Reply Type menu of the types a product offers (in the order of their names), Text by default. */
export function wxReplyTypeField(types: WxReplyType[]): INodeProperties {
	return {
		displayName: 'Reply Type',
		name: 'replyType',
		type: 'options',
		options: types.map((value) => ({ name: TYPE_NAMES[value], value })).sort((a, b) => a.name.localeCompare(b.name)),
		default: 'text',
		displayOptions: { show: REPLY_SHOW },
	};
}

/** The text of a text reply (TEXT_LIMIT_BYTES: passiveReply.ts refuses a longer one). */
export function wxReplyContentField(): INodeProperties {
	return wxReplyString('Content', 'content', ['text'], {
		required: true,
		typeOptions: { rows: 3 },
		description: 'At most 2048 bytes',
	});
}

/** The articles of a news reply (title, description, url, picUrl each), shown for `show` and News. */
export function wxReplyArticlesField(show: Show, description: string): INodeProperties {
	return {
		displayName: 'Articles',
		name: 'articles',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Article',
		default: {},
		description,
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
	};
}
