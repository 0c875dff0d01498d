/** The encrypted passive reply of an item, shared by Reply and Build Only. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { CryptoInputError } from '../../../shared/crypto';
import { fail, itemParameter } from '../../../shared/params';
import type { WxReply } from '../../../shared/wechat/passiveReply';
import type { WxBuiltReply } from '../../../shared/wechat/passiveReplyNode';
import { ReplyInputError, encryptReply, passiveReplyXml } from '../../../shared/wechat/passiveReply';

type Read = (context: IExecuteFunctions, i: number) => Omit<WxReply, 'type'>;

const media: Read = (context, i) => ({ mediaId: context.getNodeParameter('mediaId', i) as string });

/** Each reply type's parameters; only the shown ones can be read (n8n drops hidden parameters). */
const PARAMETERS: Record<string, Read> = {
	text: (context, i) => ({ content: String(context.getNodeParameter('content', i) ?? '') }),
	image: media,
	voice: media,
	video: (context, i) => ({
		...media(context, i),
		title: context.getNodeParameter('title', i, '') as string,
		description: context.getNodeParameter('videoDescription', i, '') as string,
	}),
	news: (context, i) => ({
		articles: ((context.getNodeParameter('articles', i, {}) as IDataObject).article ?? []) as IDataObject[],
	}),
};

export type BuiltReply = WxBuiltReply;

/** The encrypted passive reply for item `i`, from the credential's callback Token and EncodingAESKey. */
export async function buildReply(this: IExecuteFunctions, i: number): Promise<BuiltReply> {
	const credentials = await this.getCredentials('weComApi');
	const toUser = itemParameter.call(this, 'toUser', i) as string;
	const type = itemParameter.call(this, 'replyType', i) as string;
	if (!toUser) fail.call(this, i, 'To User: required');
	const createTime = Math.floor(Date.now() / 1000);
	const corpId = String(credentials.corpId ?? '').trim();
	// The types WeCom replies with; the family's others (music) are not among them.
	const read = Object.prototype.hasOwnProperty.call(PARAMETERS, type) ? PARAMETERS[type] : undefined;
	if (!read) return fail.call(this, i, `Reply Type "${type}" is not supported`);
	let replyXml = '';
	try {
		replyXml = passiveReplyXml({ type, ...read(this, i) } as WxReply, { toUser, fromUser: corpId, createTime });
	} catch (error) {
		if (error instanceof ReplyInputError) fail.call(this, i, error.message);
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
	}
	let body = '';
	try {
		body = encryptReply(
			{
				token: String(credentials.token ?? '').trim(),
				encodingAesKey: String(credentials.encodingAesKey ?? '').trim(),
				receiveId: corpId,
			},
			replyXml,
			createTime,
		);
	} catch (error) {
		const reason = error instanceof CryptoInputError ? error.message : 'encryption failed';
		fail.call(this, i, `The credential's callback settings are incomplete: ${reason}`);
	}
	return { body, contentType: 'text/xml', replyType: type, toUser, replyXml };
}
