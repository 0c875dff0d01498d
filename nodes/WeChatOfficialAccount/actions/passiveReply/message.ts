/**
 * The passive reply of an item, shared by Reply and Build Only: plain XML, or the encrypted
 * envelope, as the callback came (the credential's Message Encryption; in Compatible mode the
 * trigger item's "encrypted" says which form the callback had, and WeChat reads either).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { CryptoInputError } from '../../../shared/crypto';
import { fail } from '../../../shared/params';
import { credentialData } from '../../../shared/request';
import type { WxReply } from '../../../shared/wechat/passiveReply';
import type { WxBuiltReply } from '../../../shared/wechat/passiveReplyNode';
import { ReplyInputError, encryptReply, passiveReplyXml } from '../../../shared/wechat/passiveReply';
import { OFFICIAL_ACCOUNT_CREDENTIAL } from '../../transport';

type Read = (context: IExecuteFunctions, i: number) => Omit<WxReply, 'type'>;

const value = (context: IExecuteFunctions, name: string, i: number) => String(context.getNodeParameter(name, i, '') ?? '');
const media: Read = (context, i) => ({ mediaId: value(context, 'mediaId', i).trim() });

/** Each reply type's parameters; only the shown ones can be read (n8n drops hidden parameters). */
const PARAMETERS: Record<string, Read> = {
	text: (context, i) => ({ content: value(context, 'content', i) }),
	image: media,
	voice: media,
	video: (context, i) => ({ ...media(context, i), title: value(context, 'title', i), description: value(context, 'videoDescription', i) }),
	music: (context, i) => ({
		title: value(context, 'title', i),
		description: value(context, 'videoDescription', i),
		musicUrl: value(context, 'musicUrl', i).trim(),
		hqMusicUrl: value(context, 'hqMusicUrl', i).trim(),
		thumbMediaId: value(context, 'thumbMediaId', i).trim(),
	}),
	news: (context, i) => ({
		articles: ((context.getNodeParameter('articles', i, {}) as IDataObject).article ?? []) as IDataObject[],
	}),
};

/** The reply as the platform reads it, and whether it is encrypted (Compatible mode answers in either form). */
export interface BuiltReply extends WxBuiltReply {
	encrypted: boolean;
}

/** Whether the reply goes in the encrypted envelope. */
function encryptedReply(this: IExecuteFunctions, i: number, mode: unknown): boolean {
	if (mode === 'plaintext') return false;
	if (mode !== 'compatible') return true;
	// Compatible: answer in the callback's form (公众号回复明文或密文均可); WeChat's callbacks then come encrypted.
	return this.getInputData()[i]?.json?.encrypted !== false;
}

export async function buildReply(this: IExecuteFunctions, i: number): Promise<BuiltReply> {
	const credentials = await credentialData(this, OFFICIAL_ACCOUNT_CREDENTIAL);
	const toUser = value(this, 'toUser', i).trim();
	const fromUser = value(this, 'fromUser', i).trim();
	const type = this.getNodeParameter('replyType', i) as string;
	if (!toUser) fail.call(this, i, 'To User: required (the trigger output "fromUser")');
	if (!fromUser) fail.call(this, i, 'From Account: required (the account\'s original ID gh_…, the trigger output "toUser")');
	const read = Object.prototype.hasOwnProperty.call(PARAMETERS, type) ? PARAMETERS[type] : undefined;
	if (!read) return fail.call(this, i, `Reply Type "${type}" is not supported`);
	const createTime = Math.floor(Date.now() / 1000);
	let replyXml = '';
	try {
		replyXml = passiveReplyXml({ type, ...read(this, i) } as WxReply, { toUser, fromUser, createTime });
	} catch (error) {
		if (error instanceof ReplyInputError) fail.call(this, i, error.message);
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
	}
	const encrypted = encryptedReply.call(this, i, credentials.messageEncryption);
	let body = replyXml;
	if (encrypted) {
		try {
			body = encryptReply(
				{
					token: String(credentials.token ?? '').trim(),
					encodingAesKey: String(credentials.encodingAesKey ?? '').trim(),
					receiveId: String(credentials.appId ?? '').trim(),
				},
				replyXml,
				createTime,
			);
		} catch (error) {
			const reason = error instanceof CryptoInputError ? error.message : 'encryption failed';
			fail.call(this, i, `The credential's server configuration is incomplete: ${reason}`, 'Safe and Compatible mode need the Callback Token and the EncodingAESKey.');
		}
	}
	return { body, contentType: 'text/xml', replyType: type, toUser, replyXml, encrypted };
}
