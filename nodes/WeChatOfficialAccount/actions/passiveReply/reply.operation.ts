import { wxReplyOperation } from '../../../shared/wechat/passiveReplyNode';
import { buildReply } from './message';

export const { description, orderingKey, execute } = wxReplyOperation(
	buildReply,
	{
		type: 'weChatOfficialAccountTrigger',
		label: 'WeChat Official Account Trigger',
		otherwise: 'send the reply with Customer Service Message → Send',
	},
	'Answers the callback the WeChat Official Account Trigger (Reply Mode "Passive Reply") keeps open with this reply, plain or encrypted as the credential\'s Message Encryption says. WeChat waits 5 seconds; when the workflow takes longer than the trigger\'s Answer Deadline, the trigger has already answered "success" and this reply is dropped.',
);
