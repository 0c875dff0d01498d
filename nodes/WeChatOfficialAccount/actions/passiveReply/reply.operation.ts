import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { answerWaitingCallback } from '../../../shared/webhook';
import { buildReply } from './message';

const CONTENT_TYPE = 'text/xml; charset=utf-8';

export const description: INodeProperties[] = [
	{
		displayName:
			'Answers the callback the WeChat Official Account Trigger (Reply Mode "Passive Reply") keeps open with this reply, plain or encrypted as the credential\'s Message Encryption says. WeChat waits 5 seconds; when the workflow takes longer than the trigger\'s Answer Deadline, the trigger has already answered "success" and this reply is dropped.',
		name: 'replyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['passiveReply'], operation: ['reply'] } },
	},
];

// One callback waits for one answer: the first item's, as when items ran one after the other.
export const orderingKey = () => 'the waiting callback';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const built = await buildReply.call(this, i);
	const answered = await answerWaitingCallback(
		this,
		i,
		{
			type: 'weChatOfficialAccountTrigger',
			label: 'WeChat Official Account Trigger',
			mode: 'passive',
			modeName: 'Passive Reply',
			otherwise: 'send the reply with Customer Service Message → Send',
		},
		{ body: built.body, contentType: CONTENT_TYPE },
	);
	// The envelope is ciphertext and a signature; what it says is replyXml.
	const said = { replyType: built.replyType, toUser: built.toUser, encrypted: built.encrypted, replyXml: built.replyXml };
	return answered ? { answered, statusCode: 200, contentType: CONTENT_TYPE, ...said } : { answered, ...said };
}
