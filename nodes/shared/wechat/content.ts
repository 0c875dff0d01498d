/**
 * Message content that WeCom app messages and WeChat KF build alike: plain text under
 * `{ msgtype: 'text', text: { content } }` (developer.work.weixin.qq.com/document/path/90236 and
 * /94677), required, with a byte cap each product documents.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { assertMaxBytes, assertNotEmpty, itemParameter } from '../params';

/** A Message Type table entry for text; it fits each product's entry type. */
export interface WxTextEntry {
	type: 'text';
	name: string;
	properties: INodeProperties[];
	build(this: IExecuteFunctions, i: number): Promise<{ body: IDataObject }>;
}

/** The Text type: one "Text" field (`description` tells its rules) of at most `maxBytes` in UTF-8. */
export function wxTextEntry(maxBytes: number, description: string): WxTextEntry {
	return {
		type: 'text',
		name: 'Text',
		properties: [
			{
				displayName: 'Text',
				name: 'content',
				type: 'string',
				typeOptions: { rows: 4 },
				required: true,
				default: '',
				description,
			},
		],
		async build(i) {
			const content = String(itemParameter.call(this, 'content', i, '') ?? '');
			assertNotEmpty.call(this, i, 'Text', content);
			// WeCom cuts longer text without an error (document/path/90236): refuse instead.
			assertMaxBytes.call(this, i, 'Text', content, maxBytes);
			return { body: { msgtype: 'text', text: { content } } };
		},
	};
}
