import { wxReplyOperation } from '../../../shared/wechat/passiveReplyNode';
import { buildReply } from './message';

export const { description, orderingKey, execute } = wxReplyOperation(
	buildReply,
	{
		type: 'weComTrigger',
		label: 'WeCom Trigger',
		otherwise: 'send the reply with WeCom → Message → Send',
	},
	'Answers the callback the WeCom Trigger (Reply Mode "Passive Reply") keeps open with this encrypted reply. WeCom waits 5 seconds; when the workflow takes longer than the trigger\'s Answer Deadline, the trigger has already answered "received" and this reply is dropped.',
);
