/**
 * WeCom → Message (message/send, message/recall) through runNode against the emulator: recipients,
 * options, the mapped output and errors. The message types' bodies and caps are
 * common/messageTypes.test.ts.
 */
import { NodeApiError } from 'n8n-workflow';
import { wecomFixture } from '../../emulator';
import { jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('wecom');
const AGENT = wecomFixture.agentId;
const SEND = '/cgi-bin/message/send';

const send = (parameters: Record<string, unknown>) => ({ resource: 'message', operation: 'send', ...parameters });

describe('Message → Send: recipients and output', () => {
	it('sends text to users, departments and tags with the credential agent ID and maps the invalid lists', async () => {
		const result = await h.run(
			send({
				userIds: 'user01, user02|nobody',
				departmentIds: '2, 99',
				tagIds: '1 77',
				messageType: 'text',
				content: '你好 hello',
			}),
		);
		const [output] = jsonOf(result) as Array<Record<string, unknown>>;
		expect(h.bodies(SEND)).toEqual([
			{
				touser: 'user01|user02|nobody',
				toparty: '2|99',
				totag: '1|77',
				agentid: AGENT,
				msgtype: 'text',
				text: { content: '你好 hello' },
			},
		]);
		expect(output).toEqual({
			msgtype: 'text',
			msgid: expect.any(String),
			invaliduser: ['nobody'],
			invalidparty: ['99'],
			invalidtag: ['77'],
			unlicenseduser: [],
		});
		expect(result.items[0][0].pairedItem).toEqual({ item: 0 });
		const [recorded] = h.emulator.wecom.messages;
		expect(recorded.msgid).toBe(output.msgid);
	});

	it('sends to @all and ignores the ID fields', async () => {
		await h.run(send({ toAll: true, userIds: 'user01', messageType: 'text', content: 'all hands' }));
		expect(h.bodies(SEND)).toEqual([
			{ touser: '@all', agentid: AGENT, msgtype: 'text', text: { content: 'all hands' } },
		]);
		expect(h.emulator.wecom.messages[0].recipients).toHaveLength(wecomFixture.users.length);
	});

	it('sends the options safe, enable_id_trans and the duplicate check', async () => {
		await h.run(
			send({
				userIds: 'user01',
				messageType: 'text',
				content: 'x',
				options: { safe: 1, enableIdTrans: true, enableDuplicateCheck: true, duplicateCheckInterval: 600 },
			}),
		);
		expect(h.bodies(SEND)[0]).toEqual({
			touser: 'user01',
			agentid: AGENT,
			msgtype: 'text',
			text: { content: 'x' },
			safe: 1,
			enable_id_trans: 1,
			enable_duplicate_check: 1,
			duplicate_check_interval: 600,
		});
	});

	it('refuses a send without recipients before calling WeCom', async () => {
		const result = await h.run(send({ messageType: 'text', content: 'x' }));
		expect(result.error?.message).toBe(
			'Give at least one user ID, department ID or tag ID, or turn on Send to Everyone',
		);
		expect(h.calls(SEND)).toHaveLength(0);
	});
});

describe('Message → Recall', () => {
	it('recalls a sent message by msgid', async () => {
		const sent = await h.run(send({ userIds: 'user01', messageType: 'text', content: 'oops' }));
		const msgid = (jsonOf(sent)[0] as Record<string, unknown>).msgid as string;
		const result = await h.run({ resource: 'message', operation: 'recall', msgId: msgid });
		expect(jsonOf(result)).toEqual([{ msgid, recalled: true }]);
		expect(h.bodies('/cgi-bin/message/recall')).toEqual([{ msgid }]);
		expect(h.emulator.wecom.messages[0].recalledAt).toEqual(expect.any(Number));
	});
});

describe('Message: errors', () => {
	it('turns a WeCom error into a NodeApiError with the errcode and no access token', async () => {
		const result = await h.run(send({ userIds: 'ghost1|ghost2', messageType: 'text', content: 'x' }));
		const error = result.error as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('81013');
		expect(error.description).toContain('No recipient is valid');
		const text = JSON.stringify({ message: error.message, description: error.description, context: error.context, cause: error.cause });
		const tokens = h.tokensSent();
		expect(tokens.length).toBeGreaterThan(0);
		for (const token of tokens) expect(text).not.toContain(token);
		expect(text).not.toContain(wecomFixture.corpSecret);
	});
});
