import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { jsonOf, useHarness } from './setup';

const h = useHarness();
const build = (parameters: Record<string, unknown>, json: IDataObject = {}) =>
	h.run({ resource: 'callbackAnswer', operation: 'build', ...parameters } as INodeParameters, { items: [{ json }] });

describe('Callback Answer → Build', () => {
	it.each([
		['allow', {}, { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' }],
		['block', { errorInfo: 'forbidden word' }, { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'forbidden word' }],
		['block', { errorCode: 120001, errorInfo: 'shown to the sender' }, { ActionStatus: 'OK', ErrorCode: 120001, ErrorInfo: 'shown to the sender' }],
		['drop', {}, { ActionStatus: 'OK', ErrorCode: 2, ErrorInfo: '' }],
	])('%s %j', async (decision, extra, answer) => {
		expect(jsonOf(await build({ decision, ...extra }))).toEqual([answer]);
		expect(h.emulator.requests()).toHaveLength(0);
	});

	it('refuses a block code Tencent would not pass on', async () => {
		expect((await build({ decision: 'block', errorCode: 500 })).error?.message).toMatch(/120001 to 130000/);
	});

	it('rewrites the text and the cloud custom data', async () => {
		const [answer] = jsonOf(await build({ decision: 'rewrite', rewriteMode: 'text', newText: '***', newCloudCustomData: '{"masked":true}' }));
		expect(answer).toEqual({
			ActionStatus: 'OK',
			ErrorCode: 0,
			ErrorInfo: '',
			MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '***' } }],
			CloudCustomData: '{"masked":true}',
		});
	});

	it('rewrites the body from the callback item by default expression', async () => {
		const MsgBody = [{ MsgType: 'TIMCustomElem', MsgContent: { Data: 'x' } }];
		const [answer] = jsonOf(await build({ decision: 'rewrite', rewriteMode: 'json' }, { MsgBody }));
		expect(answer.MsgBody).toEqual(MsgBody);
	});

	it('needs no credential', async () => {
		const result = await h.run({ resource: 'callbackAnswer', operation: 'build', decision: 'allow' }, { credentials: { sdkAppId: '' } });
		expect(jsonOf(result)).toHaveLength(1);
	});
});
