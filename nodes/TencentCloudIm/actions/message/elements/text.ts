/** TIMTextElem (cloud.tencent.com/document/product/269/2720, 消息格式描述). */
import { fail, itemParameter } from '../../../../shared/params';
import type { ElementEntry } from './entry';

export const text: ElementEntry = {
	type: 'text',
	name: 'Text (TIMTextElem)',
	properties: [
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			typeOptions: { rows: 3 },
			required: true,
			default: '',
		},
	],
	build(i) {
		const value = itemParameter.call(this, 'text', i) as string;
		if (!value) fail.call(this, i, 'Text: the message is empty');
		return [{ MsgType: 'TIMTextElem', MsgContent: { Text: value } }];
	},
};
