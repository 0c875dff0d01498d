/**
 * Trigger version 1.1: the same trigger as 1, minus an expression n8n evaluates for every request
 * to a version-1 webhook node (`options.binaryData`, which under N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE
 * builds an isolate per callback). n8n then reads no body whose content type it does not parse;
 * the trigger reads it itself. The test server leaves such a body unread for version 1.1, as
 * n8n's parseRequestBody does, so these tests fail when a trigger forgets to read it.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { MeituanImTrigger } from '../../../nodes/MeituanIm/MeituanImTrigger.node';
import { TencentCloudImTrigger } from '../../../nodes/TencentCloudIm/TencentCloudImTrigger.node';
import { WeChatKfTrigger } from '../../../nodes/WeChatKf/WeChatKfTrigger.node';
import { WeChatOfficialAccountTrigger } from '../../../nodes/WeChatOfficialAccount/WeChatOfficialAccountTrigger.node';
import { WeComTrigger } from '../../../nodes/WeCom/WeComTrigger.node';
import { wecomFixture } from '../../emulator';
import { triggerHarness } from '../../helpers/trigger';

const UNPARSED = 'application/octet-stream';
let msgId = 72000;

describe('every trigger', () => {
	it.each([
		['WeCom', new WeComTrigger()],
		['WeChat Official Account', new WeChatOfficialAccountTrigger()],
		['WeChat KF', new WeChatKfTrigger()],
		['Meituan IM', new MeituanImTrigger()],
		['Tencent Cloud IM', new TencentCloudImTrigger()],
	])('%s Trigger offers versions 1 and 1.1, new nodes get 1.1, and both describe the same node', (_name, node) => {
		expect(node.description.version).toEqual([1, 1.1]);
		expect(node.description.defaultVersion).toBe(1.1);
		const v1 = NodeHelpers.getVersionedNodeType(node, 1).description;
		const v11 = NodeHelpers.getVersionedNodeType(node, 1.1).description;
		expect(v11).toBe(v1);
	});
});

describe.each([1, 1.1])('version %s reads a body n8n did not parse', (typeVersion) => {
	describe('WeCom Trigger', () => {
		const t = triggerHarness('wecom');

		it('emits the message sent as application/octet-stream', async () => {
			const s = await t.serve({}, { typeVersion });
			const result = await t.send(
				{ FromUserName: 'user01', MsgType: 'text', Content: 'unparsed', MsgId: String(++msgId), AgentID: wecomFixture.agentId },
				{ contentType: UNPARSED },
			);
			expect(result.status).toBe(200);
			expect(s.executions).toHaveLength(1);
			expect(s.executions[0].items[0][0].json).toMatchObject({ content: 'unparsed', msgId: String(msgId) });
		});

		it('still refuses an empty body with 400', async () => {
			const s = await t.serve({}, { typeVersion });
			const response = await s.request('POST', '/?msg_signature=a&timestamp=1&nonce=b', '', { 'content-type': UNPARSED });
			expect(response.status).toBe(400);
			expect(s.executions).toHaveLength(0);
		});
	});

	describe('WeChat Official Account Trigger', () => {
		const t = triggerHarness('oa');

		it('emits the message sent as application/octet-stream', async () => {
			const s = await t.serve({}, { typeVersion });
			const result = await t.send({ MsgType: 'text', Content: 'unparsed', MsgId: String(++msgId) }, { contentType: UNPARSED });
			expect(result.status).toBe(200);
			expect(s.executions).toHaveLength(1);
			expect(s.executions[0].items[0][0].json).toMatchObject({ content: 'unparsed' });
		});
	});

	describe('Meituan IM Trigger', () => {
		const t = triggerHarness('meituan');

		it('emits the push sent as application/octet-stream', async () => {
			const s = await t.serve({}, { typeVersion });
			const result = await t.send({ message: { text: 'unparsed' }, contentType: UNPARSED });
			expect(result.status).toBe(200);
			expect(JSON.parse(result.body)).toEqual({ data: 'ok' });
			expect(s.executions).toHaveLength(1);
			expect(s.executions[0].items[0][0].json).toMatchObject({ text: 'unparsed' });
		});
	});

	describe('Tencent Cloud IM Trigger', () => {
		const t = triggerHarness('tim');

		it('emits the callback sent as application/octet-stream', async () => {
			const s = await t.serve({}, { typeVersion });
			const body = { From_Account: 'alice', To_Account: 'bob', MsgKey: `k${++msgId}`, MsgRandom: msgId, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'unparsed' } }] };
			const result = await t.send('C2C.CallbackAfterSendMsg', body, { contentType: UNPARSED });
			expect(result.status).toBe(200);
			expect(s.executions).toHaveLength(1);
			expect((s.executions[0].items[0][0].json as IDataObject).text).toBe('unparsed');
		});
	});
});
