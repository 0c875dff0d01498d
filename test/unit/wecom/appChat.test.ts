/** WeCom → App Chat (群聊会话, appchat/create, update, get, send) against the emulator. */
import { binaryItem, jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('wecom');
const appChat = (operation: string, parameters: Record<string, unknown> = {}) => ({
	resource: 'appChat',
	operation,
	...parameters,
});

async function createChat(chatId = 'ops01'): Promise<string> {
	const result = await h.run(
		appChat('create', { userIds: 'user01, user02, user03', additionalFields: { chatId, name: 'Ops', owner: 'user02' } }),
	);
	return (jsonOf(result)[0] as Record<string, unknown>).chatid as string;
}

describe('App Chat → Create', () => {
	it('sends name, owner, userlist and chatid and returns the chat', async () => {
		const result = await h.run(
			appChat('create', {
				userIds: 'user01|user02, user03, user02',
				additionalFields: { chatId: 'ops01', name: '值班群', owner: 'user02' },
			}),
		);
		expect(h.bodies('/cgi-bin/appchat/create')).toEqual([
			{ userlist: ['user01', 'user02', 'user03'], name: '值班群', owner: 'user02', chatid: 'ops01' },
		]);
		expect(jsonOf(result)).toEqual([
			{ userlist: ['user01', 'user02', 'user03'], name: '值班群', owner: 'user02', chatid: 'ops01' },
		]);
	});

	it('returns the chatid WeCom makes up when none is given', async () => {
		const result = await h.run(appChat('create', { userIds: 'user01, user02' }));
		expect(h.bodies('/cgi-bin/appchat/create')).toEqual([{ userlist: ['user01', 'user02'] }]);
		const [chat] = jsonOf(result) as Array<Record<string, unknown>>;
		expect(chat.chatid).toMatch(/^wr[0-9a-zA-Z]+$/);
	});

	it.each([
		[{ userIds: 'user01' }, 'Member User IDs: at least 2 allowed, got 1'],
		[
			{ userIds: Array.from({ length: 2001 }, (_, n) => `u${n}`).join(',') },
			'Member User IDs: at most 2000 allowed, got 2001',
		],
		[{ userIds: 'user01, user02', additionalFields: { owner: 'user09' } }, 'Owner User ID "user09" is not one of the Member User IDs'],
		[
			{ userIds: 'user01, user02', additionalFields: { chatId: 'not-valid!' } },
			'Chat ID: at most 32 characters, letters and digits only',
		],
	])('refuses %j before the call', async (parameters, message) => {
		const result = await h.run(appChat('create', parameters));
		expect(result.error?.message).toBe(message);
		expect(h.calls('/cgi-bin/appchat/create')).toHaveLength(0);
	});
});

describe('App Chat → Update and Get', () => {
	it('renames, changes the owner and adds and removes members', async () => {
		await createChat();
		const result = await h.run(
			appChat('update', {
				chatId: 'ops01',
				updateFields: { name: 'Ops 2', owner: 'user01', addUserIds: 'user04, user05', removeUserIds: 'user03' },
			}),
		);
		expect(h.bodies('/cgi-bin/appchat/update')).toEqual([
			{ chatid: 'ops01', name: 'Ops 2', owner: 'user01', add_user_list: ['user04', 'user05'], del_user_list: ['user03'] },
		]);
		expect(jsonOf(result)).toEqual([
			{
				chatid: 'ops01',
				name: 'Ops 2',
				owner: 'user01',
				add_user_list: ['user04', 'user05'],
				del_user_list: ['user03'],
				success: true,
			},
		]);

		const got = await h.run(appChat('get', { chatId: 'ops01' }));
		expect(h.calls('/cgi-bin/appchat/get').map((c) => c.query.chatid)).toEqual(['ops01']);
		expect(jsonOf(got)).toEqual([
			{ chatid: 'ops01', name: 'Ops 2', owner: 'user01', userlist: ['user01', 'user02', 'user04', 'user05'], chat_type: 0 },
		]);
	});

	it('refuses an update without changes', async () => {
		const result = await h.run(appChat('update', { chatId: 'ops01' }));
		expect(result.error?.message).toBe('Update Fields: set a name, an owner, members to add or members to remove');
		expect(h.calls('/cgi-bin/appchat/update')).toHaveLength(0);
	});

	it('reports an unknown chat with its errcode', async () => {
		const result = await h.run(appChat('get', { chatId: 'missing' }));
		expect(result.error?.message).toContain('86003');
		expect(result.error?.description).toContain('app chat does not exist');
	});
});

describe('App Chat → Send', () => {
	it('sends text with safe', async () => {
		await createChat();
		const result = await h.run(
			appChat('send', { chatId: 'ops01', messageType: 'text', content: '开会了', options: { safe: true } }),
		);
		expect(h.bodies('/cgi-bin/appchat/send')).toEqual([
			{ chatid: 'ops01', msgtype: 'text', text: { content: '开会了' }, safe: 1 },
		]);
		expect(jsonOf(result)).toEqual([{ chatid: 'ops01', msgtype: 'text', success: true }]);
		expect(h.emulator.wecom.messages[0]).toMatchObject({ kind: 'appchat', chatid: 'ops01' });
	});

	it('sends a file from binary data through media/upload', async () => {
		await createChat();
		const bytes = Buffer.from('quarterly numbers, csv');
		const result = await h.run(
			appChat('send', { chatId: 'ops01', messageType: 'file', mediaSource: 'binaryData', binaryPropertyName: 'data' }),
			{ items: [binaryItem(bytes, 'q3.csv', 'text/csv')] },
		);
		const [output] = jsonOf(result) as Array<Record<string, unknown>>;
		const [uploadCall] = h.calls('/cgi-bin/media/upload');
		expect(uploadCall.query).toMatchObject({ type: 'file' });
		expect(uploadCall.rawBody.toString('utf8')).toContain('name="media"; filename="q3.csv"');
		expect(uploadCall.rawBody.includes(bytes)).toBe(true);
		expect(h.bodies('/cgi-bin/appchat/send')).toEqual([
			{ chatid: 'ops01', msgtype: 'file', file: { media_id: output.media_id } },
		]);
	});

	it('sends news and refuses markdown over 2048 bytes', async () => {
		await createChat();
		await h.run(
			appChat('send', {
				chatId: 'ops01',
				messageType: 'news',
				articles: { article: [{ title: 'Release', url: 'https://example.com/r' }] },
			}),
		);
		expect(h.bodies('/cgi-bin/appchat/send')).toEqual([
			{ chatid: 'ops01', msgtype: 'news', news: { articles: [{ title: 'Release', url: 'https://example.com/r' }] } },
		]);
		const tooLong = await h.run(appChat('send', { chatId: 'ops01', messageType: 'markdown', content: '# '.repeat(1025) }));
		expect(tooLong.error?.message).toBe('Markdown: at most 2048 bytes (UTF-8), got 2050');
		expect(h.calls('/cgi-bin/appchat/send')).toHaveLength(1);
	});
});
