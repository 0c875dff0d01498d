import { wxBuildOnlyOperation } from '../../../shared/wechat/passiveReplyNode';
import { buildReply } from './message';

export const { description, execute } = wxBuildOnlyOperation(
	buildReply,
	'Only builds the reply and answers nothing: the output\'s "body" is what to return (Content-Type: text/xml) from a callback you answer yourself. To answer the WeChat Official Account Trigger\'s callback, choose Reply.',
);
