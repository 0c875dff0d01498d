/**
 * Template Message (send, list, delete) and Subscription Notice (send) against the emulator's
 * message/template/send, template/get_all_private_template, template/del_private_template and
 * message/subscribe/bizsend.
 */
import { jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('oa');
const SEND = '/cgi-bin/message/template/send';

const follower = (k = 0) => h.emulator.oa.followers()[k].openid;
const template = () => h.emulator.oa.templates()[0];
const data = (fields: Record<string, string>) => ({ field: Object.entries(fields).map(([key, value]) => ({ key, value })) });
const sendTemplate = (parameters: Record<string, unknown> = {}, options: Parameters<typeof h.run>[1] = {}) =>
	h.run(
		{
			resource: 'templateMessage',
			operation: 'send',
			openId: follower(),
			templateId: template().template_id,
			data: data({ first: '您的订单已发货', keyword1: '20240101', keyword2: '顺丰', remark: '感谢' }),
			...parameters,
		},
		options,
	);

describe('Template Message → Send', () => {
	it('sends the data as { key: { value } } with a client_msg_id of its own, outside any 48-hour window', async () => {
		const [out] = jsonOf(await sendTemplate({ options: { url: 'https://example.com/order/1' } }));
		const [body] = h.bodies(SEND);
		expect(body).toEqual({
			touser: follower(),
			template_id: template().template_id,
			data: { first: { value: '您的订单已发货' }, keyword1: { value: '20240101' }, keyword2: { value: '顺丰' }, remark: { value: '感谢' } },
			client_msg_id: expect.stringMatching(/^n8n[0-9a-f]{24}$/),
			url: 'https://example.com/order/1',
		});
		expect(out).toEqual({ touser: follower(), template_id: template().template_id, client_msg_id: body.client_msg_id, msgid: expect.any(Number) });
		expect(h.emulator.oa.messages).toMatchObject([{ kind: 'template', to: follower() }]);
	});

	it('resends after a gateway error: WeChat drops the repeat by client_msg_id, the follower gets one', async () => {
		h.emulator.errorAfterDelivery('oa', { every: 1, path: SEND, count: 1 });
		const [out] = jsonOf(await sendTemplate({ options: { clientMsgId: 'order-1-shipped' } }));
		expect(h.calls(SEND)).toHaveLength(2);
		expect(h.bodies(SEND).map((b) => b.client_msg_id)).toEqual(['order-1-shipped', 'order-1-shipped']);
		expect(h.emulator.deliveries({ platform: 'oa' }).deliveries).toBe(1);
		expect(out.msgid).toBe(h.emulator.oa.messages[0].msgid);
	});

	it('opens a mini program when one is given', async () => {
		await sendTemplate({ options: { miniAppId: 'wxmini', miniPagePath: 'pages/order/index' } });
		expect(h.bodies(SEND)[0].miniprogram).toEqual({ appid: 'wxmini', pagepath: 'pages/order/index' });
	});

	it.each([
		['a key the template lacks', { data: data({ nope: 'x' }) }, /47003/],
		['a deleted template', { templateId: 'no-such-template' }, /40037.*template ID is wrong/],
		['a follower who left', { openId: 'oNotAFollowerOfThisAccount00' }, /40003/],
	])('%s fails with the code and a hint', async (_, parameters, message) => {
		const result = await sendTemplate(parameters);
		const error = `${result.error?.message} ${result.error?.description ?? ''}`;
		expect(error).toMatch(message);
		expect(h.emulator.oa.messages).toHaveLength(0);
	});

	it('refuses data without a key, or a key twice, before the call', async () => {
		const empty = await sendTemplate({ data: {} });
		expect(empty.error?.message).toBe('Data: give at least one field of the template');
		const twice = await sendTemplate({ data: { field: [{ key: 'first', value: 'a' }, { key: 'first', value: 'b' }] } });
		expect(twice.error?.message).toBe('Data: the key "first" is given twice');
		expect(h.calls(SEND)).toHaveLength(0);
	});
});

describe('Template Message → List Templates, Delete Template', () => {
	it('lists the templates, one item each, and deletes one', async () => {
		const listed = jsonOf(await h.run({ resource: 'templateMessage', operation: 'listTemplates' }));
		expect(listed.map((t) => t.template_id)).toEqual(h.emulator.oa.templates().map((t) => t.template_id));
		expect(listed[0]).toMatchObject({ title: '订单发货通知', content: expect.stringContaining('{{keyword1.DATA}}') });
		const id = String(listed[0].template_id);
		expect(jsonOf(await h.run({ resource: 'templateMessage', operation: 'deleteTemplate', templateId: id }))).toEqual([{ template_id: id, deleted: true }]);
		expect(h.emulator.oa.templates().map((t) => t.template_id)).not.toContain(id);
	});
});

describe('Subscription Notice → Send', () => {
	const notice = () => h.emulator.oa.subscribeTemplates()[0];
	const sendNotice = (parameters: Record<string, unknown> = {}) =>
		h.run({
			resource: 'subscriptionNotice',
			operation: 'send',
			openId: follower(),
			templateId: notice().priTmplId,
			data: data({ character_string1: 'A-1001', phrase2: '已发货' }),
			...parameters,
		});

	it('sends to a follower who accepted it, with a page', async () => {
		expect(jsonOf(await sendNotice({ options: { page: 'https://example.com/a' } }))).toEqual([
			{ touser: follower(), template_id: notice().priTmplId, sent: true },
		]);
		expect(h.bodies('/cgi-bin/message/subscribe/bizsend')).toEqual([
			{
				touser: follower(),
				template_id: notice().priTmplId,
				data: { character_string1: { value: 'A-1001' }, phrase2: { value: '已发货' } },
				page: 'https://example.com/a',
			},
		]);
		expect(h.emulator.oa.messages).toMatchObject([{ kind: 'subscribe', to: follower() }]);
	});

	it('a follower who refused it: 43101 with a hint', async () => {
		h.emulator.oa.refuseSubscription(follower(), notice().priTmplId);
		const result = await sendNotice();
		expect(result.error?.message).toMatch(/43101/);
		expect(String(result.error?.description)).toMatch(/not accepted this subscription notice/);
	});
});
