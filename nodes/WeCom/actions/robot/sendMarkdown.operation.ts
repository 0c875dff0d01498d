import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertMaxBytes, assertNotEmpty, itemParameter } from '../../../shared/params';
import { robotShow } from './fields';
import { robotSend } from './send';

// Robot markdown: at most 4096 bytes (developer.work.weixin.qq.com/document/path/91770).
const MAX_BYTES = 4096;

export const description: INodeProperties[] = [
	{
		displayName: 'Markdown',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 6 },
		required: true,
		default: '',
		description: `WeCom's Markdown subset, at most ${MAX_BYTES} bytes in UTF-8. Mention a member with &lt;@userid&gt;.`,
		displayOptions: { show: robotShow('sendMarkdown') },
	},
];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const content = String(itemParameter.call(this, 'content', i, '') ?? '');
	assertNotEmpty.call(this, i, 'Markdown', content);
	assertMaxBytes.call(this, i, 'Markdown', content, MAX_BYTES);
	return await robotSend.call(this, i, { msgtype: 'markdown', markdown: { content } });
}
