import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { templateCardFromJson } from '../common/messageTypes/templateCard';
import { robotShow } from './fields';
import { robotSend } from './send';

export const description: INodeProperties[] = [
	{
		displayName: 'Template Card JSON',
		name: 'templateCardJson',
		type: 'json',
		required: true,
		default:
			'{\n  "card_type": "text_notice",\n  "main_title": { "title": "", "desc": "" },\n  "card_action": { "type": 1, "url": "" }\n}',
		description:
			'The template_card object, card_type included: text_notice or news_notice (developer.work.weixin.qq.com/document/path/91770)',
		displayOptions: { show: robotShow('sendTemplateCard') },
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const card = templateCardFromJson.call(this, i);
	return await robotSend.call(this, i, { msgtype: 'template_card', template_card: card });
}
