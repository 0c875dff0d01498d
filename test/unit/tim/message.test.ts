/** Tencent Cloud IM → Message (sendmsg, batchsendmsg, send_group_msg, group system notifications). */
import { timFixture } from '../../emulator';
import { expectSignedQuery, jsonOf, platformHarness, userIds } from '../../helpers/platform';

const h = platformHarness('tim');
const text = (t: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: t } }];

describe('Message', () => {
	it('sends one text message with every option', async () => {
		const [out] = jsonOf(
			await h.run({
				resource: 'message',
				operation: 'sendOne',
				toAccount: 'bob',
				messageType: 'text',
				text: '你好 bob',
				messageOptions: {
					fromAccount: 'alice',
					syncOtherMachine: 2,
					msgLifeTime: 3600,
					cloudCustomData: '{"order":1}',
					sendMsgControl: ['NoUnread'],
					forbidCallbackControl: ['ForbidAfterSendMsgCallback'],
				},
				offlinePush: { title: 'New message', desc: 'Alice wrote', ext: 'x', apnsSound: 'a.caf', androidSound: 'b.mp3', apnsBadgeMode: true },
			}),
		);
		const [call] = h.calls('openim/sendmsg');
		expectSignedQuery(call);
		const body = call.json as Record<string, unknown>;
		expect(body).toEqual({
			From_Account: 'alice',
			SyncOtherMachine: 2,
			MsgLifeTime: 3600,
			CloudCustomData: '{"order":1}',
			SendMsgControl: ['NoUnread'],
			ForbidCallbackControl: ['ForbidAfterSendMsgCallback'],
			OfflinePushInfo: {
				PushFlag: 0,
				Title: 'New message',
				Desc: 'Alice wrote',
				Ext: 'x',
				AndroidInfo: { Sound: 'b.mp3' },
				ApnsInfo: { Sound: 'a.caf', BadgeMode: 1 },
			},
			To_Account: 'bob',
			MsgSeq: expect.any(Number),
			MsgRandom: expect.any(Number),
			MsgTimeStamp: expect.any(Number),
			MsgBody: text('你好 bob'),
		});
		expect(out).toMatchObject({ To_Account: 'bob', MsgTime: expect.any(Number), MsgKey: expect.stringMatching(/_\d+_/) });
		expect(out).not.toHaveProperty('ActionStatus');
		expect(h.emulator.tim.messages[0]).toMatchObject({ kind: 'c2c', from: 'alice', to: 'bob', text: '你好 bob' });
	});

	it('sends a room payload {msgType, data} as a custom element', async () => {
		await h.run(
			{ resource: 'message', operation: 'sendOne', toAccount: 'bob', messageType: 'custom', customData: '={{ $json.payload }}', customOptions: { desc: 'gift' } },
			{ items: [{ json: { payload: { msgType: 'gift', data: { id: 3 } } } }] },
		);
		expect(h.bodies('openim/sendmsg')[0].MsgBody).toEqual([
			{ MsgType: 'TIMCustomElem', MsgContent: { Data: '{"msgType":"gift","data":{"id":3}}', Desc: 'gift' } },
		]);
	});

	it.each([
		['face', { faceIndex: 2, faceData: 'smile' }, { MsgType: 'TIMFaceElem', MsgContent: { Index: 2, Data: 'smile' } }],
		[
			'location',
			{ locationDesc: 'Shenzhen', latitude: 22.54, longitude: 113.93 },
			{ MsgType: 'TIMLocationElem', MsgContent: { Desc: 'Shenzhen', Latitude: 22.54, Longitude: 113.93 } },
		],
		[
			'image',
			{ mediaUrl: 'https://cdn.example.com/a.png', media: { width: 640, height: 480, size: 1000 } },
			{
				MsgType: 'TIMImageElem',
				MsgContent: {
					UUID: expect.stringMatching(/^[0-9a-f]{32}$/),
					ImageFormat: 3,
					ImageInfoArray: [1, 2, 3].map((Type) => ({ Type, Size: 1000, Width: 640, Height: 480, URL: 'https://cdn.example.com/a.png' })),
				},
			},
		],
		[
			'sound',
			{ mediaUrl: 'https://cdn.example.com/a.mp3', media: { seconds: 5, size: 200 } },
			{ MsgType: 'TIMSoundElem', MsgContent: expect.objectContaining({ Url: 'https://cdn.example.com/a.mp3', Second: 5, Size: 200, Download_Flag: 2 }) },
		],
		[
			'file',
			{ mediaUrl: 'https://cdn.example.com/docs/report.pdf', media: { size: 300 } },
			{ MsgType: 'TIMFileElem', MsgContent: expect.objectContaining({ Url: 'https://cdn.example.com/docs/report.pdf', FileName: 'report.pdf', FileSize: 300, Download_Flag: 2 }) },
		],
		[
			'video',
			{ mediaUrl: 'https://cdn.example.com/v.mp4', media: { seconds: 9, thumbUrl: 'https://cdn.example.com/v.jpg', thumbWidth: 320, thumbHeight: 180 } },
			{
				MsgType: 'TIMVideoFileElem',
				MsgContent: expect.objectContaining({
					VideoUrl: 'https://cdn.example.com/v.mp4',
					VideoSecond: 9,
					VideoFormat: 'mp4',
					VideoDownloadFlag: 2,
					ThumbUrl: 'https://cdn.example.com/v.jpg',
					ThumbWidth: 320,
					ThumbHeight: 180,
					ThumbDownloadFlag: 2,
				}),
			},
		],
	])('builds a %s element', async (messageType, fields, element) => {
		jsonOf(await h.run({ resource: 'message', operation: 'sendOne', toAccount: 'bob', messageType, ...fields }));
		expect(h.bodies('openim/sendmsg')[0].MsgBody).toEqual([element]);
	});

	it('sends several elements given as JSON, and refuses a malformed body before calling', async () => {
		const body = [...text('a'), { MsgType: 'TIMCustomElem', MsgContent: { Data: 'b' } }];
		jsonOf(await h.run({ resource: 'message', operation: 'sendOne', toAccount: 'bob', messageType: 'json', msgBody: JSON.stringify(body) }));
		expect(h.bodies('openim/sendmsg')[0].MsgBody).toEqual(body);
		const bad = await h.run({ resource: 'message', operation: 'sendOne', toAccount: 'bob', messageType: 'json', msgBody: '[{"Text":"x"}]' });
		expect(bad.error?.message).toMatch(/element 1 needs MsgType/);
		expect(h.calls('openim/sendmsg')).toHaveLength(1);
	});

	it('uses a new MsgRandom per message', async () => {
		jsonOf(await h.run({ resource: 'message', operation: 'sendOne', toAccount: 'bob', messageType: 'text', text: '={{ $json.t }}' }, { items: [{ json: { t: 'a' } }, { json: { t: 'b' } }] }));
		const [a, b] = h.bodies('openim/sendmsg');
		expect(a.MsgRandom).not.toBe(b.MsgRandom);
	});

	it('sends to 1200 users in calls of 500 and merges ErrorList', async () => {
		const ids = [...userIds(1198, 'r', h.emulator), 'ghost1', 'ghost2'];
		const [out] = jsonOf(
			await h.run({ resource: 'message', operation: 'sendMany', toAccounts: ids.join(','), messageType: 'text', text: 'sale', messageOptions: { onlineOnly: true } }),
		);
		const calls = h.calls('openim/batchsendmsg');
		calls.forEach((c) => expectSignedQuery(c));
		const bodies = calls.map((c) => c.json as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
		expect(bodies.map((b) => b.To_Account.length)).toEqual([500, 500, 200]);
		expect(bodies.flatMap((b) => b.To_Account)).toEqual(ids);
		expect(bodies[0]).toMatchObject({ MsgBody: text('sale'), OnlineOnlyFlag: 1, MsgRandom: expect.any(Number) });
		expect(out).toMatchObject({
			recipients: 1200,
			sent: 1198,
			calls: 3,
			ErrorList: [
				{ To_Account: 'ghost1', ErrorCode: 70107 },
				{ To_Account: 'ghost2', ErrorCode: 70107 },
			],
		});
		expect(out.MsgKeys).toHaveLength(3);
	});

	it('sends to a group', async () => {
		h.emulator.tim.addGroup(timFixture.sdkAppId, { GroupId: '@TGS#room1', Owner_Account: 'alice', members: ['bob'] });
		const [out] = jsonOf(
			await h.run({
				resource: 'message',
				operation: 'sendGroup',
				groupId: '@TGS#room1',
				messageType: 'text',
				text: 'hello room',
				messageOptions: { fromAccount: 'alice', msgPriority: 'High', onlineOnly: true, forbidCallbackControl: ['ForbidBeforeSendMsgCallback'] },
			}),
		);
		const [call] = h.calls('group_open_http_svc/send_group_msg');
		expectSignedQuery(call);
		expect(call.json).toEqual({
			GroupId: '@TGS#room1',
			From_Account: 'alice',
			ForbidCallbackControl: ['ForbidBeforeSendMsgCallback'],
			OnlineOnlyFlag: 1,
			MsgPriority: 'High',
			Random: expect.any(Number),
			MsgBody: text('hello room'),
		});
		expect(out).toEqual({ GroupId: '@TGS#room1', MsgTime: expect.any(Number), MsgSeq: 1 });
	});

	it('sends a group system notification to chosen members', async () => {
		h.emulator.tim.addGroup(timFixture.sdkAppId, { GroupId: '@TGS#room2', members: ['alice', 'bob'] });
		const [out] = jsonOf(
			await h.run({ resource: 'message', operation: 'groupSystemNotification', groupId: '@TGS#room2', content: 'maintenance at 22:00', toMembers: 'alice' }),
		);
		expect(h.bodies('group_open_http_svc/send_group_system_notification')[0]).toEqual({
			GroupId: '@TGS#room2',
			Content: 'maintenance at 22:00',
			ToMembers_Account: ['alice'],
		});
		expect(out).toEqual({ GroupId: '@TGS#room2', sent: true, ToMembers_Account: ['alice'] });
	});

	// Every option at once, as an expression could give them: each operation sends only its own.
	const everyOption = {
		cloudCustomData: 'c',
		forbidCallbackControl: ['ForbidAfterSendMsgCallback'],
		fromAccount: 'alice',
		msgLifeTime: 60,
		onlineOnly: true,
		msgPriority: 'High',
		sendMsgControl: ['NoUnread'],
		syncOtherMachine: 2,
	};
	const fixedFields = ['To_Account', 'MsgSeq', 'MsgRandom', 'MsgTimeStamp', 'Random', 'MsgBody', 'GroupId'];

	it.each([
		['sendOne', { toAccount: 'bob' }, 'openim/sendmsg', ['CloudCustomData', 'ForbidCallbackControl', 'From_Account', 'MsgLifeTime', 'SendMsgControl', 'SyncOtherMachine']],
		['sendMany', { toAccounts: 'bob' }, 'openim/batchsendmsg', ['CloudCustomData', 'From_Account', 'OnlineOnlyFlag', 'SendMsgControl', 'SyncOtherMachine']],
		['sendGroup', { groupId: '@TGS#opts' }, 'group_open_http_svc/send_group_msg', ['CloudCustomData', 'ForbidCallbackControl', 'From_Account', 'MsgPriority', 'OnlineOnlyFlag', 'SendMsgControl']],
	])('%s sends only the options of its own collection', async (operation, target, path, expected) => {
		h.emulator.tim.addGroup(timFixture.sdkAppId, { GroupId: '@TGS#opts', Owner_Account: 'alice', members: ['bob'] });
		jsonOf(await h.run({ resource: 'message', operation, ...target, messageType: 'text', text: 'x', messageOptions: everyOption }));
		const [body] = h.bodies(path);
		expect(Object.keys(body).filter((key) => !fixedFields.includes(key)).sort()).toEqual(expected);
	});

	it('reports a missing group as a node error naming the code', async () => {
		const result = await h.run({ resource: 'message', operation: 'sendGroup', groupId: '@TGS#none', messageType: 'text', text: 'x' });
		expect(result.error?.message).toMatch(/Tencent Cloud IM error 10010/);
		expect((result.error as { description?: string }).description).toMatch(/does not exist/);
	});
});

describe('Message: a send whose answer was lost', () => {
	const sendOne = { resource: 'message', operation: 'sendOne', toAccount: 'bob', messageType: 'text', text: 'once' };

	it('resends a one-to-one message with the same MsgSeq, MsgRandom and MsgTimeStamp, which Tencent drops as a repeat', async () => {
		h.emulator.errorAfterDelivery('tim', { path: '/v4/openim/sendmsg', every: 1, count: 1 });
		const [out] = jsonOf(await h.run(sendOne));
		expect(out).toMatchObject({ To_Account: 'bob', MsgKey: expect.any(String) });
		const [first, resent] = h.bodies('openim/sendmsg');
		expect(resent).toEqual(first);
		expect(first).toMatchObject({ MsgSeq: expect.any(Number), MsgRandom: expect.any(Number), MsgTimeStamp: expect.any(Number) });
		// The emulator does not drop repeats: it records both, as Tencent would not.
		expect(h.emulator.tim.messages).toHaveLength(2);
	});

	it('gives later messages a higher MsgSeq, so messages of the same second keep their order', async () => {
		jsonOf(await h.run({ ...sendOne, text: '={{ $json.t }}' }, { items: ['a', 'b', 'c'].map((t) => ({ json: { t } })) }));
		const seqs = h.bodies('openim/sendmsg').map((body) => body.MsgSeq as number);
		expect(seqs[1]).toBe(seqs[0] + 1);
		expect(seqs[2]).toBe(seqs[1] + 1);
	});

	it('resends a group message with the same Random (Tencent drops a repeat within 5 minutes)', async () => {
		h.emulator.tim.addGroup(timFixture.sdkAppId, { GroupId: '@TGS#again', members: ['bob'] });
		h.emulator.errorAfterDelivery('tim', { path: '/v4/group_open_http_svc/send_group_msg', every: 1, count: 1 });
		jsonOf(await h.run({ resource: 'message', operation: 'sendGroup', groupId: '@TGS#again', messageType: 'text', text: 'x' }));
		const [first, resent] = h.bodies('group_open_http_svc/send_group_msg');
		expect(resent.Random).toBe(first.Random);
	});

	it.each([
		['Send to Many (no repeat check over seconds)', '/v4/openim/batchsendmsg', { operation: 'sendMany', toAccounts: 'bob, alice', messageType: 'text', text: 'x' }],
		['a group system notification (no id to check)', '/v4/group_open_http_svc/send_group_system_notification', { operation: 'groupSystemNotification', groupId: '@TGS#note', content: 'x' }],
	])('does not resend %s: the item fails with "may have been delivered"', async (_what, path, parameters) => {
		h.emulator.tim.addGroup(timFixture.sdkAppId, { GroupId: '@TGS#note', members: ['bob'] });
		h.emulator.errorAfterDelivery('tim', { path, every: 1, count: 1 });
		const result = await h.run({ resource: 'message', ...parameters }, { continueOnFail: true });
		expect(result.items[0][0].json).toMatchObject({
			error: 'Tencent Cloud IM answered HTTP 502: the request may have been delivered, so it was not sent again',
			code: '502',
			mayHaveBeenDelivered: true,
		});
		expect(h.emulator.requests({ platform: 'tim', path })).toHaveLength(1);
	});
});

