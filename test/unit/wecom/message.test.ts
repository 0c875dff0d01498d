/**
 * WeCom → Message (message/send, message/recall) through runNode against the emulator: recipients,
 * options, the mapped output and errors. The message types' bodies and caps are
 * common/messageTypes.test.ts.
 */
import { NodeApiError } from 'n8n-workflow';
import { clearPacers, laneSpecs, PaceWaitTooLong, pacer } from '../../../nodes/shared/pacer';
import { retryPolicy } from '../../../nodes/shared/request';
import { weComDialect } from '../../../nodes/WeCom/transport';
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

describe('Message → Send: many items, and faults', () => {
	const USERS = Array.from({ length: 25 }, (_, k) => `user${String(k + 1).padStart(2, '0')}`);
	/** `n` items, each a distinct text to one of the fixture users in turn. */
	const messages = (n: number) => Array.from({ length: n }, (_, k) => ({ json: { u: USERS[k % USERS.length], t: `m${k}` } }));
	const perItem = (options: Record<string, unknown> = {}) =>
		send({ userIds: '={{ $json.u }}', messageType: 'text', content: '={{ $json.t }}', options });
	/** The texts WeCom recorded as delivered, each once per delivery. */
	const delivered = () => h.emulator.wecom.messages.map((m) => (m.payload as { content: string }).content);

	afterEach(() => {
		Object.assign(retryPolicy, { timeoutMs: 10000 });
		h.emulator.releaseHungCalls();
	});

	it('loses no item when WeCom answers 45009 to 30 % of the sends, for 20 seeds', async () => {
		const lost: number[] = [];
		for (let seed = 1; seed <= 20; seed++) {
			h.emulator.reset({ keepTokens: true });
			// Each seed as a fresh process would meet it: no slowdown left over from the seed before.
			clearPacers();
			const fault = h.emulator.randomRateLimit('wecom', 0.3, { path: SEND, seed });
			const result = await h.run(perItem(), { items: messages(30), continueOnFail: true });
			expect(result.error).toBeUndefined();
			expect(h.emulator.faults().find((f) => f.id === fault.id)?.fired ?? 0).toBeGreaterThan(3);
			lost.push(30 - new Set(delivered()).size);
			expect(result.items[0].filter((item) => item.json.error)).toEqual([]);
		}
		expect(lost).toEqual(Array(20).fill(0));
	});

	it('sends nothing twice when 1 call in 20 is delivered but answered 502: those items say "may have been delivered", the rest are delivered', async () => {
		h.emulator.errorAfterDelivery('wecom', { path: SEND, every: 20 });
		const result = await h.run(perItem(), { items: messages(200), continueOnFail: true });
		expect(result.error).toBeUndefined();
		const report = h.emulator.deliveries({ platform: 'wecom' });
		expect(report.duplicateDeliveries).toBe(0);
		expect(report.deliveries).toBe(200);
		const unclear = result.items[0].filter((item) => item.json.error);
		expect(unclear).toHaveLength(10);
		for (const item of unclear) {
			expect(item.json).toMatchObject({
				error: 'WeCom answered HTTP 502: the request may have been delivered, so it was not sent again',
				code: '502',
				mayHaveBeenDelivered: true,
				description: expect.stringContaining('Duplicate Check'),
			});
		}
		expect(result.items[0].filter((item) => item.json.msgid)).toHaveLength(190);
		expect(h.calls(SEND)).toHaveLength(200);
	});

	it('with Duplicate Check on, resends such a message unchanged, for WeCom to drop the repeat', async () => {
		h.emulator.errorAfterDelivery('wecom', { path: SEND, every: 20 });
		const result = await h.run(perItem({ enableDuplicateCheck: true, duplicateCheckInterval: 600 }), { items: messages(40) });
		expect(jsonOf(result).every((out) => typeof out.msgid === 'string')).toBe(true);
		const bodies = h.bodies(SEND);
		expect(bodies).toHaveLength(42);
		// Every repeat is byte for byte the body WeCom already has, with the check on: WeCom drops it
		// (path/90236); the emulator does not, so it records those two twice.
		const repeats = bodies.filter((body, k) => bodies.findIndex((other) => JSON.stringify(other) === JSON.stringify(body)) !== k);
		expect(repeats).toHaveLength(2);
		for (const body of repeats) expect(body).toMatchObject({ enable_duplicate_check: 1, duplicate_check_interval: 600 });
	});

	it('resends nothing with a check interval too short to cover the resend', async () => {
		h.emulator.errorAfterDelivery('wecom', { path: SEND, every: 1, count: 1 });
		const result = await h.run(perItem({ enableDuplicateCheck: true, duplicateCheckInterval: 30 }), { items: messages(1) });
		expect(result.error?.message).toMatch(/may have been delivered/);
		expect(h.calls(SEND)).toHaveLength(1);
	});

	it('delivers the other 199 when one call hangs, and ends about the timeout later', async () => {
		// Long enough that no other call runs out of it on a busy machine, short enough for a test.
		retryPolicy.timeoutMs = 2000;
		h.emulator.hang('wecom', 1, { path: SEND, after: 99 });
		const started = Date.now();
		const result = await h.run(perItem(), { items: messages(200), continueOnFail: true });
		const elapsed = Date.now() - started;
		expect(result.error).toBeUndefined();
		expect(new Set(delivered()).size).toBe(199);
		const failed = result.items[0].filter((item) => item.json.error);
		expect(failed).toHaveLength(1);
		expect(failed[0].json).toMatchObject({ error: 'WeCom request failed: no answer within 2 s', mayHaveBeenDelivered: true });
		expect(elapsed).toBeGreaterThanOrEqual(2000);
		expect(elapsed).toBeLessThan(10000);
	});

	it('without Continue On Fail, fails with the first failing item once the items under way have ended', async () => {
		retryPolicy.timeoutMs = 300;
		h.emulator.hang('wecom', 1, { path: SEND, after: 9 });
		const result = await h.run(perItem(), { items: messages(60) });
		const error = result.error as NodeApiError;
		expect(error.message).toBe('WeCom request failed: no answer within 0.3 s');
		const hung = Number(error.context.itemIndex);
		const texts = new Set(delivered());
		// Every item before the failing one was sent, as it would have been one after the other.
		for (let k = 0; k < hung; k++) expect(texts.has(`m${k}`)).toBe(true);
	});

	it('keeps each recipient\'s messages in item order while sending to others in parallel', async () => {
		h.emulator.latency('wecom', 40, { path: SEND });
		const items = Array.from({ length: 30 }, (_, k) => ({ json: { u: USERS[k % 3], t: `${USERS[k % 3]} part ${Math.floor(k / 3)}` } }));
		const started = Date.now();
		jsonOf(await h.run(perItem(), { items }));
		const elapsed = Date.now() - started;
		for (const user of USERS.slice(0, 3)) {
			const seen = h.emulator.wecom.messages.filter((m) => m.recipients?.includes(user)).map((m) => (m.payload as { content: string }).content);
			expect(seen).toEqual(Array.from({ length: 10 }, (_, k) => `${user} part ${k}`));
		}
		// Three recipients side by side: well under the 1.2 s one after the other would take.
		expect(elapsed).toBeLessThan(30 * 40 * 0.75);
	});

	it('with Keep Per-Member Limit: the 31st message to one member within a minute waits for the first to leave the window', async () => {
		const perMember = { ...send({ userIds: 'user01', messageType: 'text', content: '={{ $json.t }}' }), throughput: { perMemberLimit: true } };
		jsonOf(await h.run(perMember, { items: messages(30) }));
		const lanes = laneSpecs('WeCom', weComDialect.pacing, h.credentials('weComApi'), { path: SEND, recipients: ['user:user01'] });
		const refused = pacer.reserve(lanes, Date.now(), 0);
		expect(refused).toBeInstanceOf(PaceWaitTooLong);
		expect((refused as PaceWaitTooLong).rule).toBe('at most 30 messages a minute from one app to one member');
		expect((refused as PaceWaitTooLong).waitMs).toBeGreaterThan(55000);
	});

	it('by default the per-member limit is not paced: 40 messages to one member go out at once, in item order', async () => {
		const started = Date.now();
		jsonOf(await h.run(send({ userIds: 'user01', messageType: 'text', content: '={{ $json.t }}' }), { items: messages(40) }));
		expect(Date.now() - started).toBeLessThan(20000);
		const lanes = laneSpecs('WeCom', weComDialect.pacing, h.credentials('weComApi'), { path: SEND, recipients: ['user:user01'] });
		expect(pacer.reserve(lanes, Date.now(), 0)).not.toBeInstanceOf(PaceWaitTooLong);
		expect(delivered()).toEqual(messages(40).map((item) => item.json.t));
	});
});

