import { wxBuildOnlyOperation } from '../../../shared/wechat/passiveReplyNode';
import { buildReply } from './message';

export const { description, execute } = wxBuildOnlyOperation(
	buildReply,
	'Only builds the encrypted reply and answers nothing: the output\'s "body" is the XML to return (Content-Type: text/xml) from a callback you answer yourself. To answer the WeCom Trigger\'s callback, choose Reply.',
);
